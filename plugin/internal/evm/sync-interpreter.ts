import type { Common } from "@ethereumjs/common";

import { EVMError } from "@ethereumjs/evm";

import { interpreterPrototype } from "./interpreter-prototype.ts";

/**
 * The ethereumjs interpreter loop without an `await` per opcode. Its loop awaits `runStep` for
 * every opcode (an async function: a promise and a suspension each time), and `runStep` awaits
 * the gas handler of every dynamic-gas opcode: ~40% of a DeFi transaction's time. Here an opcode
 * whose handler is synchronous and whose gas is static (PUSH, DUP, SWAP, arithmetic, JUMP...: most
 * of them) or memory-expansion gas (MLOAD, MSTORE, MSTORE8, KECCAK256) runs inline, doing what
 * `runStep` does for it: charge its gas, advance the program counter, call the handler. Every
 * other opcode goes through `runStep` as before. Whenever the original loop does more (EOF code, the
 * profiler, step listeners or debug logs, stateless code-chunk witnesses), the original loop runs.
 * Same code otherwise, from @ethereumjs/evm 10.1.3's `Interpreter.run`.
 */
export async function installSyncInterpreter(common: Common, opcodeMap: OpEntry[] | undefined): Promise<void> {
  const prototype = (await interpreterPrototype(common)) as InterpreterLike | undefined;
  if (prototype === undefined || patched.has(prototype)) return;
  patched.add(prototype);
  for (const op of SYNC_GAS.keys()) STOCK_GAS_HANDLERS[op] = opcodeMap?.[op]?.gasHandler;
  const original = prototype.run;
  prototype.run = function (this: Interpreter, code: Uint8Array, opts: { pc?: number } = {}) {
    const common = this.common;
    if (
      common.isActivatedEIP(3540) ||
      common.isActivatedEIP(6800) ||
      common.isActivatedEIP(7864) ||
      this.profilerOpts?.enabled === true ||
      this._evm.DEBUG ||
      this._evm.events.listenerCount("step") > 0
    ) {
      return original.call(this, code, opts);
    }
    return runLegacy(this, code, opts);
  };
}

const patched = new WeakSet<object>();

async function runLegacy(interpreter: Interpreter, code: Uint8Array, opts: { pc?: number }): Promise<RunResult> {
  const runState = interpreter._runState;
  runState.code = code;
  runState.programCounter = opts.pc ?? runState.programCounter;
  const pc = runState.programCounter;
  if (pc !== 0 && (pc < 0 || pc >= runState.code.length)) {
    throw new Error("Internal error: program counter not in range");
  }
  let err: unknown;
  let cachedOpcodes: OpEntry[] | undefined;
  let doJumpAnalysis = true;
  while (runState.programCounter < runState.code.length) {
    const programCounter = runState.programCounter;
    let opCode: number;
    let opCodeObj: OpEntry | undefined;
    if (doJumpAnalysis) {
      opCode = runState.code[programCounter];
      // Only run the jump destination analysis if `code` contains a JUMP/JUMPI/JUMPSUB opcode.
      if (opCode === 0x56 || opCode === 0x57 || opCode === 0x5e) {
        const { jumps, pushes, opcodesCached } = interpreter._getValidJumpDestinations(runState.code);
        runState.validJumps = jumps;
        runState.cachedPushes = pushes;
        runState.shouldDoJumpAnalysis = false;
        cachedOpcodes = opcodesCached;
        doJumpAnalysis = false;
      }
    } else {
      opCodeObj = cachedOpcodes![programCounter];
      opCode = opCodeObj.opcodeInfo.code;
    }
    runState.opCode = opCode;
    try {
      const entry = opCodeObj ?? interpreter.lookupOpInfo(opCode);
      const info = entry.opcodeInfo;
      const syncGas = info.dynamicGas ? SYNC_GAS[opCode] : undefined;
      if (
        info.isAsync ||
        info.isInvalid ||
        runState.eip7928PostTargetCallOog !== undefined ||
        (info.dynamicGas && (syncGas === undefined || entry.gasHandler !== STOCK_GAS_HANDLERS[opCode]))
      ) {
        await interpreter.runStep(opCodeObj);
      } else {
        const gas = syncGas === undefined ? info.feeBigInt : syncGas(runState, info.feeBigInt, interpreter.common);
        interpreter.useGas(gas, info);
        runState.programCounter++;
        entry.opHandler(runState, interpreter.common);
        runState.env.accessWitness?.commit();
      }
    } catch (e) {
      runState.env.accessWitness?.revert();
      // Re-throw non-VM errors; STOP is not an exception.
      if (!(typeof e === "object" && e !== null && "errorType" in e && e.errorType === "EVMError")) throw e;
      if ((e as { error?: string }).error !== EVMError.errorMessages.STOP) err = e;
      break;
    }
  }
  if (err === undefined && runState.eip8037BurnLeftoverAfterCreateHaltOntoAlive === true && runState.gasLeft > 0n) {
    // Consume the leftover and halt this frame (as the original loop does).
    runState.gasLeft = 0n;
    err = new EVMError(EVMError.errorMessages.OUT_OF_GAS);
  }
  return { runState, exceptionError: err };
}

/**
 * Dynamic gas of memory opcodes, computed synchronously: what their (async) handlers in
 * @ethereumjs/evm 10.1.3's opcodes/gas.js compute, used only where the VM has those stock handlers.
 */
const SYNC_GAS: Array<SyncGas | undefined> = [];
type SyncGas = (runState: RunState, gas: bigint, common: GasCommon) => bigint;
SYNC_GAS[0x20] = (runState, gas, common) => {
  // KECCAK256
  const [offset, length] = runState.stack.peek(2);
  return gas + memoryExpansion(runState, offset, length, common) + common.param("keccak256WordGas") * words(length);
};
// MLOAD, MSTORE, MSTORE8
SYNC_GAS[0x51] = (runState, gas, common) => gas + memoryExpansion(runState, runState.stack.peek()[0], 32n, common);
SYNC_GAS[0x52] = SYNC_GAS[0x51];
SYNC_GAS[0x53] = (runState, gas, common) => gas + memoryExpansion(runState, runState.stack.peek()[0], 1n, common);
const STOCK_GAS_HANDLERS: unknown[] = [];

/** `subMemUsage` of @ethereumjs/evm 10.1.3: the cost of growing memory to cover [offset, offset + length). */
function memoryExpansion(runState: RunState, offset: bigint, length: bigint, common: GasCommon): bigint {
  if (length === 0n) return 0n;
  const newWordCount = words(offset + length);
  if (newWordCount <= runState.memoryWordCount) return 0n;
  let cost =
    newWordCount * common.param("memoryGas") + (newWordCount * newWordCount) / common.param("quadCoefficientDivGas");
  if (cost > runState.highestMemCost) {
    const highest = runState.highestMemCost;
    runState.highestMemCost = cost;
    cost -= highest;
  }
  runState.memoryWordCount = newWordCount;
  return cost;
}

/** 32-byte words covering `bytes` bytes (`divCeil(bytes, 32)` for the non-negative values here). */
function words(bytes: bigint): bigint {
  return (bytes + 31n) / 32n;
}

interface GasCommon {
  param(name: string): bigint;
}

interface OpEntry {
  opcodeInfo: { code: number; feeBigInt: bigint; dynamicGas: boolean; isAsync: boolean; isInvalid: boolean };
  opHandler(runState: RunState, common: unknown): void;
  gasHandler?: unknown;
}

interface RunState {
  stack: { peek(count?: number): bigint[] };
  memoryWordCount: bigint;
  highestMemCost: bigint;
  code: Uint8Array;
  programCounter: number;
  opCode: number;
  gasLeft: bigint;
  validJumps: unknown;
  cachedPushes: unknown;
  shouldDoJumpAnalysis: boolean;
  eip7928PostTargetCallOog?: unknown;
  eip8037BurnLeftoverAfterCreateHaltOntoAlive?: boolean;
  env: { accessWitness?: { commit(): void; revert(): void } };
}

interface RunResult {
  runState: RunState;
  exceptionError: unknown;
}

interface Interpreter {
  _runState: RunState;
  common: GasCommon & { isActivatedEIP(eip: number): boolean };
  profilerOpts?: { enabled?: boolean };
  _evm: { DEBUG: boolean; events: { listenerCount(event: string): number } };
  _getValidJumpDestinations(code: Uint8Array): { jumps: unknown; pushes: unknown; opcodesCached: OpEntry[] };
  lookupOpInfo(op: number): OpEntry;
  runStep(opcodeObj?: OpEntry): Promise<void>;
  useGas(amount: bigint, context?: unknown): void;
}

interface InterpreterLike {
  run(this: Interpreter, code: Uint8Array, opts?: { pc?: number }): Promise<RunResult>;
}
