import type { CapturedTransaction, StateKey } from "../../capture/types.ts";
import { balanceKey } from "../../capture/state-key.ts";

/** What a lock-based scheduler locks for one transaction: keys locked shared (read) and exclusive (write). */
export interface LockSets {
  reads: Set<StateKey>;
  writes: Set<StateKey>;
}

/**
 * The access sets of optimistic-strict: a value credit (a key written and not read; in the capture, a
 * balance only credited) is read too, as by an engine that reads and rewrites balances. The block
 * beneficiary's fee credit stays a blind write: every engine treats it as commutative.
 */
export function strictAccess(tx: CapturedTransaction, beneficiary: string): CapturedTransaction {
  const fee = balanceKey(beneficiary);
  let reads: Record<StateKey, string> | undefined;
  for (const key in tx.writes) {
    if (key in tx.reads || key === fee) continue;
    reads ??= { ...tx.reads };
    reads[key] = "0x0";
  }
  return reads === undefined ? tx : { ...tx, reads };
}

/**
 * Declared lock sets from access sets: W = writes, R = reads ∖ writes, leaving out the beneficiary's fee
 * credit (unless the transaction reads that balance). `exclusive`: every key write-locked (R = ∅).
 */
export function lockSets(
  access: { reads: Record<StateKey, string>; writes: Record<StateKey, string> },
  beneficiary: string,
  exclusive = false,
): LockSets {
  const fee = balanceKey(beneficiary);
  const writes = new Set<StateKey>();
  const reads = new Set<StateKey>();
  for (const key in access.writes) if (key !== fee || key in access.reads) writes.add(key);
  for (const key in access.reads) if (!writes.has(key)) (exclusive ? writes : reads).add(key);
  return { reads, writes };
}

/**
 * Whether `declared` misses what the transaction did (`actual`): a key accessed and not declared, or a
 * key written and declared only as read. The keys missed, sorted (empty when the declaration holds).
 */
export function missedDeclarations(declared: LockSets, actual: LockSets): StateKey[] {
  const missed: StateKey[] = [];
  for (const key of actual.writes) if (!declared.writes.has(key)) missed.push(key);
  for (const key of actual.reads) if (!declared.reads.has(key) && !declared.writes.has(key)) missed.push(key);
  return missed.sort();
}

/** The union of two declarations (a missed transaction's re-run locks what it declared and what it did). */
export function unionLocks(a: LockSets, b: LockSets): LockSets {
  const writes = new Set([...a.writes, ...b.writes]);
  const reads = new Set([...a.reads, ...b.reads].filter((key) => !writes.has(key)));
  return { reads, writes };
}
