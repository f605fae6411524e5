import type { StateKey } from "../capture/types.ts";

import { hexToBytes } from "@noble/hashes/utils.js";

/**
 * A state value as the executor holds it: a bigint for balances, nonces and storage slots, and the
 * code hash (0x + 64 hex) for code (the bytes live in a CodeStore). Equal values are `===`.
 */
export type StateValue = bigint | string;

/** keccak256 of empty code. */
export const EMPTY_CODE_HASH = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";

export const balanceOf = (address: string): StateKey => address + ":balance";
export const nonceOf = (address: string): StateKey => address + ":nonce";
export const codeOf = (address: string): StateKey => address + ":code";
/** `slot` is 0x + 64 lowercase hex. */
export const slotOf = (address: string, slot: string): StateKey => address + ":slot:" + slot;

export const isCodeKey = (key: StateKey): boolean => key.endsWith(":code");

/**
 * Inside the executor only (never in a capture): `<address>:credit`, a write that is a delta added
 * to the account's balance (value credits to a contract that did not observe its balance; see
 * TxStateView). `absoluteWrites` turns it into the balance write.
 */
export const CREDIT_SUFFIX = ":credit";
export const creditOf = (address: string): StateKey => address + CREDIT_SUFFIX;
export const isCreditKey = (key: StateKey): boolean => key.endsWith(CREDIT_SUFFIX);
/** The balance key a credit key adds to. */
export const creditedBalance = (creditKey: StateKey): StateKey => creditKey.slice(0, 42) + ":balance";

/**
 * A write set with its credit deltas turned into balance writes: `before(balanceKey)` is the
 * balance before the transaction (earlier credits included). The same map when it has none.
 */
export function absoluteWrites(
  writes: Map<StateKey, StateValue>,
  before: (key: StateKey) => StateValue,
): Map<StateKey, StateValue> {
  let result: Map<StateKey, StateValue> | undefined;
  for (const [key, value] of writes) {
    if (!isCreditKey(key)) continue;
    result ??= new Map([...writes].filter(([k]) => !isCreditKey(k)));
    const balance = creditedBalance(key);
    result.set(balance, (before(balance) as bigint) + (value as bigint));
  }
  return result ?? writes;
}

/** The address part of a state key. */
export const addressOfKey = (key: StateKey): string => key.slice(0, 42);

/** A value in the capture's hex form ("0x1f"; full code hex for code keys) from an executor value. */
export function toCaptureValue(value: StateValue, key: StateKey, codeOfHash: (hash: string) => string): string {
  if (typeof value === "bigint") return "0x" + value.toString(16);
  return isCodeKey(key) ? codeOfHash(value) : value;
}

/**
 * Thrown when execution needs a piece of pre-state the executor does not have yet. It is control
 * flow (caught, the key fetched, the run resumed), so it carries no stack trace: capturing one was
 * a measurable share of engine capture.
 */
export class MissingStateError extends Error {
  readonly key: StateKey;
  constructor(key: StateKey) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`missing pre-state for ${key}`);
    Error.stackTraceLimit = limit;
    this.name = "MissingStateError";
    this.key = key;
  }
}

/** A 256-bit word as 32 big-endian bytes. */
export function word32(value: bigint): Uint8Array {
  return hexToBytes(value.toString(16).padStart(64, "0"));
}
