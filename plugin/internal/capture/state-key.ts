import type { StateKey } from "./types.ts";

export type StateKeyKind = "balance" | "nonce" | "code" | "slot";

export interface ParsedStateKey {
  address: string;
  kind: StateKeyKind;
  /** 0x + 64 hex, for kind "slot". */
  slot?: string;
}

export const balanceKey = (address: string): StateKey => `${address.toLowerCase()}:balance`;
export const nonceKey = (address: string): StateKey => `${address.toLowerCase()}:nonce`;
export const codeKey = (address: string): StateKey => `${address.toLowerCase()}:code`;
export const slotKey = (address: string, slot: string | bigint | number): StateKey =>
  `${address.toLowerCase()}:slot:0x${BigInt(slot).toString(16).padStart(64, "0")}`;

export function parseStateKey(key: StateKey): ParsedStateKey {
  const [address, kind, slot] = key.split(":");
  if (kind === "slot") return { address, kind, slot };
  return { address, kind: kind as StateKeyKind };
}

/** Normalises a numeric value (hex string, decimal string, number, bigint) to the canonical hex form. */
export function toValueHex(value: string | number | bigint | undefined | null): string {
  if (value === undefined || value === null || value === "") return "0x0";
  return "0x" + BigInt(value).toString(16);
}
