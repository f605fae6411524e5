import type { StorageType, StorageVariable } from "./types.ts";

import { createEVM } from "@ethereumjs/evm";
import { Address, hexToBytes } from "@ethereumjs/util";
import { AbiCoder, Interface, keccak256 } from "ethers";

/** What getter inference found: variables named `<getter signature>→slot <n>` (a mapping's base slot). */
export interface GetterStorage {
  storage: StorageVariable[];
  storageTypes: Record<string, StorageType>;
}

const PROBE_A = "0x" + "a1".repeat(20);
const PROBE_B = "0x" + "b2".repeat(20);
const BASE_LIMIT = 256n;
const WORD = (n: bigint | string) => BigInt(n).toString(16).padStart(64, "0");
const TYPES: Record<string, StorageType> = {
  t_uint256: { encoding: "inplace", label: "uint256", numberOfBytes: "32" },
  "t_mapping(t_address,t_uint256)": {
    encoding: "mapping",
    label: "mapping(address => uint256)",
    numberOfBytes: "32",
    key: "t_address",
    value: "t_uint256",
  },
  "t_mapping(t_address,t_mapping(t_address,t_uint256))": {
    encoding: "mapping",
    label: "mapping(address => mapping(address => uint256))",
    numberOfBytes: "32",
    key: "t_address",
    value: "t_mapping(t_address,t_uint256)",
  },
};

const cache = new Map<string, Promise<GetterStorage>>();

/**
 * Storage names for a contract without a solc layout (a prebuilt artifact), inferred by running its
 * ABI's view getters on empty storage and watching SLOAD: a no-argument getter that reads exactly one
 * slot names it (`getReserves()→slot 8`); `f(address)` and `f(address,address)` getters, called with
 * probe addresses, name the mapping whose hashed slot they read (`balanceOf(address)→slot 1`, whose
 * entries the slot resolver names `balanceOf(address)→slot 1[0x…]`). The first getter (by signature)
 * claims a slot. Once per runtime code.
 */
export function inferGetterStorage(code: string, abi: readonly unknown[]): Promise<GetterStorage> {
  const key = keccak256("0x" + code);
  if (!cache.has(key))
    cache.set(
      key,
      infer(code, abi).catch(() => ({ storage: [], storageTypes: {} })),
    );
  return cache.get(key)!;
}

async function infer(code: string, abi: readonly unknown[]): Promise<GetterStorage> {
  const getters: Array<{ signature: string; inputs: string[] }> = [];
  new Interface(abi as never).forEachFunction((fn) => {
    const inputs = fn.inputs.map((input) => input.type);
    const view = fn.stateMutability === "view" || fn.stateMutability === "pure";
    if (view && fn.outputs.length > 0 && /^(|address|address,address)$/.test(inputs.join(","))) {
      getters.push({ signature: fn.format("sighash"), inputs });
    }
  });
  if (getters.length === 0) return { storage: [], storageTypes: {} };
  getters.sort((a, b) => a.signature.localeCompare(b.signature));
  const evm = await createEVM();
  let reads: bigint[] = [];
  evm.events.on("step", (step: { opcode: { name: string }; stack: bigint[]; depth: number }) => {
    if (step.opcode.name === "SLOAD" && step.depth === 0) reads.push(step.stack[step.stack.length - 1]);
  });
  const bytes = hexToBytes(("0x" + code) as `0x${string}`);
  const coder = AbiCoder.defaultAbiCoder();
  const storage: StorageVariable[] = [];
  const claimed = new Set<string>();
  for (const getter of getters) {
    const probes = [PROBE_A, PROBE_B].slice(0, getter.inputs.length);
    const data = new Interface([`function ${getter.signature}`]).getFunction(getter.signature)!.selector;
    const args = coder.encode(getter.inputs, probes).slice(2);
    reads = [];
    await evm.runCode({
      code: bytes,
      data: hexToBytes((data + args) as `0x${string}`),
      gasLimit: 1_000_000n,
      to: new Address(hexToBytes(`0x${"cc".repeat(20)}`)),
      isStatic: true,
    });
    const found = slotOf(new Set(reads), probes);
    if (found === undefined || claimed.has(found.slot)) continue;
    claimed.add(found.slot);
    storage.push({
      label: `${getter.signature}→slot ${found.slot}`,
      slot: found.slot,
      offset: 0,
      type: found.type,
      contract: "",
      sourceName: "",
      line: null,
    });
  }
  return { storage, storageTypes: storage.length === 0 ? {} : TYPES };
}

/** The one slot (or mapping base slot, for probe keys) a getter read. */
function slotOf(reads: Set<bigint>, probes: string[]): { slot: string; type: string } | undefined {
  if (probes.length === 0) {
    const direct = [...reads];
    return direct.length === 1 && direct[0] < 1n << 32n ? { slot: direct[0].toString(), type: "t_uint256" } : undefined;
  }
  const hashed = new Set([...reads].map((slot) => WORD(slot)));
  for (let base = 0n; base < BASE_LIMIT; base++) {
    let slot = keccak256("0x" + WORD(probes[0]) + WORD(base)).slice(2);
    if (probes.length === 2) slot = keccak256("0x" + WORD(probes[1]) + slot).slice(2);
    if (hashed.has(slot)) {
      const type = probes.length === 1 ? "t_mapping(t_address,t_uint256)" : Object.keys(TYPES)[2];
      return { slot: base.toString(), type };
    }
  }
  return undefined;
}
