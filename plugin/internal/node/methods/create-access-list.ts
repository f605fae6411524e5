/**
 * eth_createAccessList (EIP-2930) for parallel-node, which EDR lacks: geth's result shape
 * `{ accessList, gasUsed, error? }`, computed from EDR's debug_traceCall (prestateTracer for the
 * accounts and slots the call touches, callTracer for its gas).
 *
 * Differences from geth:
 * - geth lists what the call's opcodes name (SLOAD/SSTORE keys, CALL/BALANCE/EXTCODE* targets);
 *   EDR's prestateTracer also names the block's beneficiary (it is paid the fee), so the beneficiary
 *   is left out unless the call read its storage. It is warm anyway (EIP-3651): listing it only costs.
 * - geth keeps the order in which the call met each address and slot; this list is sorted
 *   (addresses, then each address's keys, as lowercase hex), so the same call gives the same list.
 * - A failed call's `error` is EDR's message (a revert is "execution reverted", as geth; running out
 *   of gas reads e.g. "out of gas: not enough gas for reentrancy sentry" where geth says "out of gas").
 */
import type { Forward } from "./forward.ts";

import { bigIntToUnpaddedBytes, bytesToHex, generateAddress, hexToBytes } from "@ethereumjs/util";

import { invalidParams } from "./method-error.ts";

export interface AccessListEntry {
  address: string;
  storageKeys: string[];
}

export interface AccessListResult {
  accessList: AccessListEntry[];
  /** The call's gas with this access list: what its receipt will say when it is sent with it. */
  gasUsed: string;
  /** Why the call failed, when it did (it still has an access list and a gasUsed). */
  error?: string;
}

type BlockTag = string | { blockHash: string; requireCanonical?: boolean } | { blockNumber: string };

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HASH = /^0x[0-9a-fA-F]{64}$/;
const QUANTITY = /^0x[0-9a-fA-F]{1,16}$/;
const TAGS = new Set(["latest", "pending", "earliest", "safe", "finalized"]);
const ZERO_ADDRESS = "0x" + "0".repeat(40);
/** Osaka's precompiles: 0x01–0x11 and P256VERIFY (EIP-7951) at 0x100. Warm from the start, never listed. */
const PRECOMPILES = new Set([...Array.from({ length: 0x11 }, (_, i) => i + 1), 0x100].map(addressOf));
/** geth repeats the call until its list stops growing; a call whose list keeps changing stops here. */
const MAX_ROUNDS = 8;

function addressOf(n: number): string {
  return "0x" + n.toString(16).padStart(40, "0");
}

/** `eth_createAccessList(tx, block = "latest")`. */
export async function createAccessList(params: unknown[], forward: Forward): Promise<AccessListResult> {
  const [tx, tag] = [callObject(params[0]), blockTag(params[1])];
  if (params.length > 2 && params[2] != null) throw invalidParams("state overrides are not supported");
  // geth's sender when `from` is absent is the zero address (EDR's own default is its first account).
  const from = ((tx.from as string | undefined) ?? ZERO_ADDRESS).toLowerCase();
  const to = typeof tx.to === "string" ? tx.to.toLowerCase() : await createdAddress(from, tag, forward);
  const header = (await forward(...headerRequest(tag))) as { miner?: string } | null;
  const excluded = new Set([from, to, ...PRECOMPILES]);
  if (typeof header?.miner === "string") excluded.add(header.miner.toLowerCase());

  const touched = new Map<string, Set<string>>();
  for (const entry of (tx.accessList as AccessListEntry[] | undefined) ?? [])
    add(touched, entry.address, entry.storageKeys);
  let list = accessList(touched, excluded);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const call = { ...tx, from, accessList: list };
    const prestate = (await forward("debug_traceCall", [call, tag, { tracer: "prestateTracer" }])) as Prestate;
    for (const [address, account] of Object.entries(prestate ?? {})) add(touched, address, account?.storage);
    const next = accessList(touched, excluded);
    if (JSON.stringify(next) === JSON.stringify(list)) break;
    list = next;
  }
  const call = { ...tx, from, accessList: list };
  const frame = (await forward("debug_traceCall", [call, tag, { tracer: "callTracer" }])) as CallFrame;
  const result: AccessListResult = { accessList: list, gasUsed: "0x" + BigInt(frame.gasUsed).toString(16) };
  if (typeof frame.error === "string") result.error = frame.error;
  return result;
}

type Prestate = Record<string, { storage?: Record<string, string> | string[] } | null> | null;
interface CallFrame {
  gasUsed: string;
  error?: string;
}

function add(touched: Map<string, Set<string>>, address: string, keys?: Record<string, string> | string[]): void {
  const slots = touched.get(address.toLowerCase()) ?? new Set<string>();
  touched.set(address.toLowerCase(), slots);
  for (const key of Array.isArray(keys) ? keys : Object.keys(keys ?? {})) slots.add(word(key));
}

/** The list, sorted: an excluded address (sender, recipient, precompile, beneficiary) only with slots. */
function accessList(touched: Map<string, Set<string>>, excluded: Set<string>): AccessListEntry[] {
  return [...touched]
    .filter(([address, slots]) => slots.size > 0 || !excluded.has(address))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([address, slots]) => ({ address, storageKeys: [...slots].sort() }));
}

const word = (key: string): string => "0x" + BigInt(key).toString(16).padStart(64, "0");

/**
 * The address a creation from `from` makes: at the sender's nonce in that block's state, whatever
 * the call's `nonce` says (EDR's call ignores it, and geth's EVM too creates at the state's nonce).
 */
async function createdAddress(from: string, tag: BlockTag, forward: Forward): Promise<string> {
  const nonce = BigInt((await forward("eth_getTransactionCount", [from, tag])) as string);
  return bytesToHex(generateAddress(hexToBytes(from as `0x${string}`), bigIntToUnpaddedBytes(nonce)));
}

function headerRequest(tag: BlockTag): [string, unknown[]] {
  if (typeof tag === "string") return ["eth_getBlockByNumber", [tag, false]];
  if ("blockHash" in tag) return ["eth_getBlockByHash", [tag.blockHash, false]];
  return ["eth_getBlockByNumber", [tag.blockNumber, false]];
}

/** The call object: an object whose addresses, nonce and access list are well formed (EDR checks the rest). */
function callObject(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) throw invalidParams("missing transaction object (params[0])");
  if (typeof value !== "object" || Array.isArray(value)) throw invalidParams("params[0] must be a transaction object");
  const tx = value as Record<string, unknown>;
  for (const field of ["from", "to"]) {
    const v = tx[field];
    if (v != null && (typeof v !== "string" || !ADDRESS.test(v)))
      throw invalidParams(`invalid "${field}" address: ${show(v)}`);
  }
  if (tx.nonce != null && (typeof tx.nonce !== "string" || !QUANTITY.test(tx.nonce))) {
    throw invalidParams(`invalid "nonce": ${show(tx.nonce)}`);
  }
  if (tx.accessList != null) checkAccessList(tx.accessList);
  return tx;
}

function checkAccessList(list: unknown): void {
  if (!Array.isArray(list)) throw invalidParams(`"accessList" must be an array, got ${show(list)}`);
  for (const entry of list) {
    const { address, storageKeys = [] } = (entry ?? {}) as { address?: unknown; storageKeys?: unknown };
    if (typeof address !== "string" || !ADDRESS.test(address)) {
      throw invalidParams(`invalid access list address: ${show(address)}`);
    }
    if (!Array.isArray(storageKeys) || storageKeys.some((k) => typeof k !== "string" || !HASH.test(k))) {
      throw invalidParams(`invalid storage keys for ${address} (32-byte hex strings): ${show(storageKeys)}`);
    }
  }
}

/** A block tag, number, hash or EIP-1898 object; a bare hash becomes `{ blockHash }` (EDR takes only that). */
function blockTag(value: unknown): BlockTag {
  if (value === undefined || value === null) return "latest";
  if (typeof value === "string") {
    if (TAGS.has(value) || QUANTITY.test(value)) return value;
    if (HASH.test(value)) return { blockHash: value };
  } else if (typeof value === "object" && !Array.isArray(value)) {
    const { blockHash, blockNumber, requireCanonical } = value as Record<string, unknown>;
    const canonical = requireCanonical === undefined || typeof requireCanonical === "boolean";
    if (typeof blockHash === "string" && HASH.test(blockHash) && blockNumber === undefined && canonical) {
      return requireCanonical === undefined
        ? { blockHash }
        : { blockHash, requireCanonical: requireCanonical as boolean };
    }
    if (typeof blockNumber === "string" && QUANTITY.test(blockNumber) && blockHash === undefined) {
      return { blockNumber };
    }
  }
  throw invalidParams(
    `invalid block: ${show(value)} (expected "latest", "pending", "earliest", "safe", "finalized", a hex number, ` +
      `a block hash or { blockHash } / { blockNumber })`,
  );
}

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);
