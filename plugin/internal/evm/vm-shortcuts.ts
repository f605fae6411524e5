import type { VM } from "@ethereumjs/vm";

import { bytesToBigInt } from "@ethereumjs/util";
import { Bloom } from "@ethereumjs/vm";
import { keccak256 } from "./keccak.ts";
import { word32 } from "./state-values.ts";

/**
 * Work ethereumjs does per transaction that the executor never uses, or does slowly:
 *
 * - The logs bloom: `runTx` hashes every log address and topic into a per-transaction bloom
 *   (~5–8% of an ERC20 transfer); the executor reports logs, never blooms. Our VMs' Common gets
 *   its own keccak256 function (the same hash) and blooms built with it skip `add`; blooms of any
 *   other ethereumjs VM in the process are untouched.
 * - MSTORE, SLOAD and LOG pad words through a hex string and two array spreads (~3–5%): they get
 *   a direct 32-byte encoding (same code otherwise, from @ethereumjs/evm 10.1.3).
 */
export const vmKeccak256 = (data: Uint8Array): Uint8Array => keccak256(data);

let bloomPatched = false;

export function installVmShortcuts(vm: VM): void {
  if (!bloomPatched) {
    bloomPatched = true;
    const add = Bloom.prototype.add;
    Bloom.prototype.add = function (this: Bloom, entry: Uint8Array): void {
      if (this.keccakFunction !== vmKeccak256) add.call(this, entry);
    };
  }
  const evm = vm.evm as unknown as { _opcodeMap?: Array<{ opHandler: unknown } | undefined> };
  const map = evm._opcodeMap;
  if (map === undefined) return;
  const replace = (opcode: number, handler: unknown) => {
    if (map[opcode] !== undefined) map[opcode].opHandler = handler;
  };
  replace(0x52, mstoreHandler);
  replace(0x54, sloadHandler);
  for (let opcode = 0xa0; opcode <= 0xa4; opcode++) replace(opcode, logHandler);
}

interface RunState {
  opCode: number;
  stack: { pop(): bigint; push(value: bigint): void; popN(n: number): bigint[] };
  memory: {
    write(offset: number, size: number, value: Uint8Array): void;
    read(offset: number, size: number): Uint8Array;
  };
  interpreter: {
    storageLoad(key: Uint8Array): Promise<Uint8Array>;
    log(data: Uint8Array, topicsCount: number, topics: Uint8Array[]): void;
  };
}

function mstoreHandler(runState: RunState): void {
  const [offset, word] = runState.stack.popN(2);
  runState.memory.write(Number(offset), 32, word32(word));
}

async function sloadHandler(runState: RunState): Promise<void> {
  const key = runState.stack.pop();
  const value = await runState.interpreter.storageLoad(word32(key));
  runState.stack.push(value.length > 0 ? bytesToBigInt(value) : 0n);
}

function logHandler(runState: RunState): void {
  const [memOffset, memLength] = runState.stack.popN(2);
  const topicsCount = runState.opCode - 0xa0;
  const topics = runState.stack.popN(topicsCount).map(word32);
  const data = memLength === 0n ? new Uint8Array(0) : runState.memory.read(Number(memOffset), Number(memLength));
  runState.interpreter.log(data, topicsCount, topics);
}
