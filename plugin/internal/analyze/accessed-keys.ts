import { balanceKey } from "../capture/state-key.ts";
import type { CapturedTransaction, StateKey } from "../capture/types.ts";

/**
 * Keys the transaction actually read or wrote, without the beneficiary's fee credit (its balance
 * written but not read), which the dependency analysis does not count either.
 */
export function accessedKeys(tx: CapturedTransaction, beneficiary: string): StateKey[] {
  const fee = balanceKey(beneficiary);
  const keys = Object.keys(tx.reads);
  for (const key in tx.writes) if (!(key in tx.reads) && key !== fee) keys.push(key);
  return keys;
}

/** Accessed keys that are in neither the predicted reads nor the predicted writes, sorted. */
export function missedKeys(tx: CapturedTransaction, beneficiary: string): StateKey[] {
  const predicted = tx.predicted ?? { reads: {}, writes: {} };
  return accessedKeys(tx, beneficiary)
    .filter((key) => !(key in predicted.reads) && !(key in predicted.writes))
    .sort();
}
