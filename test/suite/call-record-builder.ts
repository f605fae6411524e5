import type { CallRecord, TouchedKey } from "../../plugin/internal/suite/types.ts";

/** Hand-built call records for unit tests (no network): senders, contracts and keys by name. */
export const ALICE = "0x00000000000000000000000000000000000a11ce";
export const BOB = "0x0000000000000000000000000000000000000b0b";
export const CAROL = "0x00000000000000000000000000000000000ca201";
export const OWNER = "0x0000000000000000000000000000000000000001";

const addresses = new Map<string, string>();
/** A stable address per contract name. */
export function addressOf(contract: string): string {
  if (!addresses.has(contract)) addresses.set(contract, "0x" + (0xc0 + addresses.size).toString(16).padStart(40, "0"));
  return addresses.get(contract)!;
}

export interface KeySpec {
  contract: string;
  variable: string;
  /** One mapping index, e.g. an address. */
  index?: string;
  line?: number;
  chosenByCaller?: boolean;
}

export interface CallSpec {
  writes?: Array<[KeySpec, bigint, bigint]>;
  reads?: KeySpec[];
  gas?: number;
  timestamp?: number;
  words?: bigint[];
}

const hex = (value: bigint) => "0x" + value.toString(16);

function touched(spec: KeySpec, functions: string[], before: bigint, after?: bigint): TouchedKey {
  const suffix = spec.index === undefined ? "" : `[${spec.index}]`;
  const address = addressOf(spec.contract);
  return {
    key: `1/${address}:${spec.variable}${suffix}`,
    address,
    contract: spec.contract,
    variable: spec.variable,
    name: `${spec.contract}.${spec.variable}${suffix}`,
    sourceName: `contracts/${spec.contract}.sol`,
    line: spec.line ?? null,
    indexes: spec.index === undefined ? [] : [spec.index],
    chosenByCaller: spec.chosenByCaller ?? false,
    functions: functions.filter((fn) => fn.startsWith(spec.contract + ".")),
    before: hex(before),
    ...(after === undefined ? {} : { after: hex(after) }),
  };
}

/** A successful call; its writes are also reads (a write reads first). */
export function callOf(order: number, sender: string, functions: string[], spec: CallSpec = {}): CallRecord {
  const writes = (spec.writes ?? []).map(([key, before, after]) => touched(key, functions, before, after));
  const reads = [
    ...(spec.reads ?? []).map((key) => touched(key, functions, 0n)),
    ...writes.map(({ after: _, ...read }) => read),
  ];
  return {
    order,
    chain: "1",
    hash: "0x" + order.toString(16).padStart(64, "0"),
    sender,
    gasUsed: spec.gas ?? 100,
    timestamp: spec.timestamp ?? 1_000 + order,
    functions,
    reads,
    writes,
    words: (spec.words ?? []).map(hex),
  };
}
