/** Builds CaptureResult objects by hand for the analysis and report tests. */
import { keccak256, concat, zeroPadValue, toBeHex } from "ethers";

import { balanceKey, nonceKey, slotKey } from "../../plugin/internal/capture/state-key.ts";
import type {
  CallFrame,
  CapturedBlock,
  CapturedTransaction,
  CaptureResult,
  ContractMetadata,
  StorageType,
  StorageVariable,
  TxLog,
} from "../../plugin/internal/capture/types.ts";

/** A deterministic address from a number: 0x000…0001 style, but with a recognisable prefix. */
export const address = (n: number): string => "0x" + ("a" + n.toString(16).padStart(39, "0"));

/** keccak256(pad32(key) ‖ pad32(slot)) as a bigint: a mapping entry's slot. */
export const mappingSlot = (key: string | bigint, slot: bigint): bigint =>
  BigInt(keccak256(concat([zeroPadValue(toBeHex(key), 32), zeroPadValue(toBeHex(slot), 32)])));

/** keccak256(pad32(slot)): where a dynamic array's elements start. */
export const arrayDataSlot = (slot: bigint): bigint => BigInt(keccak256(zeroPadValue(toBeHex(slot), 32)));

/** ABI-encodes addresses/numbers as call input words after `selector`. */
export const callInput = (selector: string, ...args: Array<string | bigint>): string =>
  selector + args.map((arg) => zeroPadValue(toBeHex(arg), 32).slice(2)).join("");

export interface FrameSpec {
  from: string;
  to: string;
  input?: string;
  type?: CallFrame["type"];
  storageAddress?: string;
  depth?: number;
}

export function frame(spec: FrameSpec): CallFrame {
  const input = spec.input ?? "0x";
  const type = spec.type ?? "CALL";
  return {
    depth: spec.depth ?? 0,
    type,
    from: spec.from,
    to: spec.to,
    storageAddress: spec.storageAddress ?? (type === "DELEGATECALL" ? spec.from : spec.to),
    selector: input.length >= 10 ? input.slice(0, 10) : null,
    input,
    value: "0x0",
    reverted: false,
  };
}

export interface TxSpec {
  from: string;
  to?: string | null;
  gas?: number;
  /** Keys read (with the value seen); the sender's nonce and balance are added. */
  reads?: Record<string, string>;
  /** Keys changed (with the new value); the sender's nonce and balance are added. */
  writes?: Record<string, string>;
  calls?: CallFrame[];
  logs?: TxLog[];
}

let hashCounter = 0;

export function tx(spec: TxSpec): CapturedTransaction {
  const sender = { [nonceKey(spec.from)]: "0x1", [balanceKey(spec.from)]: "0xde0b6b3a7640000" };
  const to = spec.to === undefined ? null : spec.to;
  return {
    hash: "0x" + (++hashCounter).toString(16).padStart(64, "0"),
    index: 0,
    from: spec.from,
    to,
    nonce: 0,
    gasUsed: spec.gas ?? 21000,
    status: 1,
    raw: "0x",
    reads: { ...sender, ...spec.writes, ...spec.reads },
    writes: { ...sender, ...spec.writes },
    calls: spec.calls ?? (to === null ? [] : [frame({ from: spec.from, to })]),
    logs: spec.logs ?? [],
  };
}

/** A transaction exactly as given: no sender keys added, reads/writes as they are. */
export function rawTx(spec: TxSpec): CapturedTransaction {
  const built = tx(spec);
  return { ...built, reads: { ...spec.reads }, writes: { ...spec.writes } };
}

export function block(transactions: CapturedTransaction[], number = 1): CapturedBlock {
  return {
    number,
    hash: "0x" + number.toString(16).padStart(64, "b"),
    parentHash: "0x" + "0".repeat(64),
    timestamp: 1_700_000_000 + number,
    beneficiary: "0x" + "c".repeat(40),
    baseFeePerGas: "0x7",
    gasLimit: "0x1c9c380",
    prevRandao: "0x" + "0".repeat(64),
    transactions: transactions.map((t, index) => ({ ...t, index })),
  };
}

export function capture(blocks: CapturedBlock[], contracts: ContractMetadata[] = [], scenario = "test"): CaptureResult {
  return {
    scenario,
    chainId: 31337,
    hardfork: "prague",
    blocks,
    contracts: Object.fromEntries(contracts.map((c) => [c.address, c])),
  };
}

export interface ContractSpec {
  sourceName?: string;
  functions?: Record<string, string>;
  storage?: Array<Partial<StorageVariable> & { label: string; slot: string; type: string }>;
  storageTypes?: Record<string, StorageType>;
}

export function contract(at: string, name: string, spec: ContractSpec = {}): ContractMetadata {
  const sourceName = spec.sourceName ?? `contracts/${name}.sol`;
  return {
    address: at,
    name,
    sourceName,
    functions: spec.functions ?? {},
    storage: (spec.storage ?? []).map((v) => ({ offset: 0, contract: name, sourceName, line: null, ...v })),
    storageTypes: spec.storageTypes ?? {},
  };
}

/** A storage slot key of `at`. */
export const slot = (at: string, n: bigint | number): string => slotKey(at, BigInt(n));

/** Transaction i's value for a key: any distinct non-zero hex. */
export const value = (i: number): string => "0x" + (i + 1).toString(16);
