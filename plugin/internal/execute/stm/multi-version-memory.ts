import type { StateKey } from "../../capture/types.ts";
import type { PreState, StateValue } from "../../evm/index.ts";

import { CREDIT_SUFFIX, MissingStateError, creditedBalance, isCreditKey } from "../../evm/index.ts";

/** The writes to one key, by transaction index (ascending). */
interface Versions {
  txs: number[];
  values: StateValue[];
}

/**
 * Multi-version memory (Block-STM): for every key, the value each transaction of the block wrote
 * in its latest incarnation. A read by transaction `tx` sees the write of the highest transaction
 * below `tx`, else the pre-state.
 *
 * The block beneficiary's balance is special: transactions that only pay it a fee record a fee
 * delta instead of a write (fee credits commute). Its value for `tx` is the last explicit write
 * below `tx` (or the pre-state) plus the fee deltas of the transactions between that write and `tx`.
 * So is a contract's balance credited by value transfers that did not observe it: such a
 * transaction writes `<address>:credit`, a delta (TxStateView), and the balance `tx` reads is the
 * last explicit write below `tx` (or the pre-state) plus the credits in between.
 *
 * The same class is the authoritative memory on the main thread and the replica in each worker.
 */
export class MultiVersionMemory {
  readonly pre: PreState;
  readonly coinbaseBalanceKey: StateKey;
  private readonly versions = new Map<StateKey, Versions>();
  private readonly writeSets: Array<Map<StateKey, StateValue> | undefined> = [];
  private readonly feeDeltas: bigint[] = [];
  /** Credit keys with versions (reads of balances skip the credit lookup while none has). */
  private credits = 0;

  constructor(pre: PreState, coinbaseBalanceKey: StateKey) {
    this.pre = pre;
    this.coinbaseBalanceKey = coinbaseBalanceKey;
  }

  /**
   * Replaces transaction `tx`'s writes and fee delta with those of a new incarnation.
   * Returns the keys whose value as seen by higher transactions may have changed.
   */
  record(tx: number, writes: Map<StateKey, StateValue>, feeDelta: bigint): StateKey[] {
    const changed: StateKey[] = [];
    const previous = this.writeSets[tx];
    if (previous !== undefined) {
      for (const key of previous.keys()) {
        if (!writes.has(key)) {
          this.remove(key, tx);
          changed.push(key);
        }
      }
    }
    for (const [key, value] of writes) {
      if (previous !== undefined && previous.get(key) === value && previous.has(key)) continue;
      this.insert(key, tx, value);
      changed.push(key);
    }
    // A credit changes the balance its readers see.
    for (let i = 0, n = changed.length; i < n; i++)
      if (isCreditKey(changed[i])) changed.push(creditedBalance(changed[i]));
    this.writeSets[tx] = writes;
    if ((this.feeDeltas[tx] ?? 0n) !== feeDelta) changed.push(this.coinbaseBalanceKey);
    this.feeDeltas[tx] = feeDelta;
    return changed;
  }

  /** The value `tx` reads for `key`, or undefined when neither a lower write nor the pre-state has it. */
  read(key: StateKey, tx: number): StateValue | undefined {
    if (key === this.coinbaseBalanceKey) return this.readCoinbaseBalance(tx);
    const versions = this.versions.get(key);
    let writer = -1;
    let value: StateValue | undefined;
    if (versions !== undefined) {
      const at = highestBelow(versions.txs, tx);
      if (at >= 0) {
        writer = versions.txs[at];
        value = versions.values[at];
      }
    }
    value ??= this.pre.get(key);
    if (this.credits === 0 || !key.endsWith(":balance")) return value;
    const credits = this.versions.get(key.slice(0, 42) + CREDIT_SUFFIX);
    if (credits === undefined || value === undefined) return value;
    let balance = value as bigint;
    for (let at = highestBelow(credits.txs, tx); at >= 0 && credits.txs[at] > writer; at--) {
      balance += credits.values[at] as bigint;
    }
    return balance;
  }

  readOrThrow(key: StateKey, tx: number): StateValue {
    const value = this.read(key, tx);
    if (value === undefined) throw new MissingStateError(key);
    return value;
  }

  /** The transaction whose write `tx` reads for `key` (-1: the pre-state). */
  writerBelow(key: StateKey, tx: number): number {
    const versions = this.versions.get(key);
    if (versions === undefined) return -1;
    const at = highestBelow(versions.txs, tx);
    return at >= 0 ? versions.txs[at] : -1;
  }

  writesOf(tx: number): Map<StateKey, StateValue> | undefined {
    return this.writeSets[tx];
  }

  feeDeltaOf(tx: number): bigint {
    return this.feeDeltas[tx] ?? 0n;
  }

  /** Every key some transaction wrote. */
  writtenKeys(): IterableIterator<StateKey> {
    return this.versions.keys();
  }

  private readCoinbaseBalance(tx: number): StateValue | undefined {
    const key = this.coinbaseBalanceKey;
    const versions = this.versions.get(key);
    let from = 0;
    let base: StateValue | undefined;
    const at = versions === undefined ? -1 : highestBelow(versions.txs, tx);
    if (at >= 0) {
      base = versions!.values[at];
      from = versions!.txs[at] + 1;
    } else {
      base = this.pre.get(key);
    }
    if (base === undefined) return undefined;
    let balance = base as bigint;
    for (let i = from; i < tx; i++) balance += this.feeDeltas[i] ?? 0n;
    return balance;
  }

  private insert(key: StateKey, tx: number, value: StateValue): void {
    let versions = this.versions.get(key);
    if (versions === undefined) {
      if (isCreditKey(key)) this.credits++;
      this.versions.set(key, { txs: [tx], values: [value] });
      return;
    }
    const { txs, values } = versions;
    const last = txs.length - 1;
    if (txs[last] < tx) {
      txs.push(tx);
      values.push(value);
      return;
    }
    const at = highestBelow(txs, tx + 1);
    if (at >= 0 && txs[at] === tx) {
      values[at] = value;
    } else {
      txs.splice(at + 1, 0, tx);
      values.splice(at + 1, 0, value);
    }
  }

  private remove(key: StateKey, tx: number): void {
    const versions = this.versions.get(key);
    if (versions === undefined) return;
    const at = highestBelow(versions.txs, tx + 1);
    if (at >= 0 && versions.txs[at] === tx) {
      versions.txs.splice(at, 1);
      versions.values.splice(at, 1);
      if (versions.txs.length === 0) {
        this.versions.delete(key);
        if (isCreditKey(key)) this.credits--;
      }
    }
  }
}

/** Index of the largest element < `tx` in an ascending array, or -1. */
function highestBelow(txs: number[], tx: number): number {
  let hi = txs.length - 1;
  if (hi < 0) return -1;
  if (txs[hi] < tx) return hi;
  let lo = 0;
  if (txs[0] >= tx) return -1;
  // invariant: txs[lo] < tx <= txs[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (txs[mid] < tx) lo = mid;
    else hi = mid;
  }
  return lo;
}
