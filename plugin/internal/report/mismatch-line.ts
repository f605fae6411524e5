import type { Mismatch } from "../replay/index.ts";

import { shortenHex } from "./format-figures.ts";

const MAX_VALUE = 120;

/**
 * "MISMATCH block N tx i key K: expected … got … (check)"; "post-state" instead of the transaction
 * for a key's value after the block. Long values are shortened (the JSON report has them in full).
 */
export function mismatchLine(mismatch: Mismatch): string {
  const where = mismatch.tx === null ? "post-state" : `tx ${mismatch.tx}`;
  return (
    `MISMATCH block ${mismatch.block} ${where} key ${mismatch.key}: ` +
    `expected ${short(mismatch.expected)} got ${short(mismatch.got)} (${mismatch.check})`
  );
}

function short(value: string): string {
  const text = shortenHex(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}
