import type { StateKey } from "../../capture/types.ts";
import type { BlockJob, ExecutedTx, Reexecution } from "../block-execution.ts";
import type { TxResult } from "../workers/index.ts";
import type { ParallelOptions } from "./parallel-options.ts";
import type { Scheduler } from "./scheduler.ts";
import type { SerialClasses } from "./serial-classes.ts";

import { absoluteWrites, balanceOf, creditedBalance, isCreditKey } from "../../evm/index.ts";
import { MultiVersionMemory } from "./multi-version-memory.ts";
import { ReadersIndex } from "./readers-index.ts";
import { EXECUTED } from "./scheduler.ts";

/** `recentWriter`: the transaction read the beneficiary's balance. */
const COINBASE_READ = -2;
/** A block whose longest known chain holds this share of its transactions starts in sequential mode (default). */
const SEQUENTIAL_CHAIN_SHARE = 0.8;

/** What judging a block's results depends on (the block run's settings). */
export interface ResultPolicy {
  /** How many transactions below one run alongside it in parallel mode (a dependency on one is recent). */
  dependencyWindow(): number;
  /** The executor's options (`sequentialChainShare`). */
  readonly options: Pick<ParallelOptions, "sequentialChainShare">;
}

/**
 * A block's results on the main thread (the middle steps of the algorithm in parallel-executor.ts):
 * each transaction's latest result recorded in the multi-version memory, validated, the readers it
 * invalidates sent back to the scheduler (readers index), and committed in index order. What it
 * learns of dependencies goes to the serial classes and the scheduler.
 */
export class BlockResults {
  readonly mv: MultiVersionMemory;
  /** Why transactions ran again (the block run adds lost batches and missing pre-state). */
  readonly reexecutions: Reexecution[] = [];
  private readonly scheduler: Scheduler;
  private readonly serial: SerialClasses | undefined;
  private readonly policy: ResultPolicy;
  private readonly results: Array<TxResult | undefined>;
  private readonly executions: number[];
  private readonly readers = new ReadersIndex();
  /** Results recorded, and executions invalidated (for the batch size). */
  private acceptedCount = 0;
  private invalidatedCount = 0;

  constructor(job: BlockJob, scheduler: Scheduler, serial: SerialClasses | undefined, policy: ResultPolicy) {
    const n = job.txs.length;
    this.mv = new MultiVersionMemory(job.pre, balanceOf(job.env.beneficiary.toLowerCase()));
    this.scheduler = scheduler;
    this.serial = serial;
    this.policy = policy;
    this.results = new Array(n);
    this.executions = new Array(n).fill(0);
  }

  get accepted(): number {
    return this.acceptedCount;
  }

  get invalidated(): number {
    return this.invalidatedCount;
  }

  /** The incarnation number of `tx`'s next execution. */
  nextIncarnation(tx: number): number {
    return this.executions[tx] + 1;
  }

  /** Whether the longest chain of serial classes holds most of the block (`sequentialChainShare`). */
  mostlyOneChain(): boolean {
    const share = this.policy.options.sequentialChainShare ?? SEQUENTIAL_CHAIN_SHARE;
    return (this.serial?.largestChainShare() ?? 0) >= share;
  }

  /** Records one execution result (with no missing pre-state) in the MV, and validates what it affects. */
  record(r: TxResult): void {
    const tx = r.tx;
    const scheduler = this.scheduler;
    this.executions[tx]++;
    this.acceptedCount++;
    this.serial?.executed(tx);
    this.readers.replace(tx, this.results[tx]?.reads.keys(), r.reads.keys());
    this.results[tx] = r;
    const changed = this.mv.record(tx, r.writes, r.feeDelta);
    scheduler.executed(tx);
    scheduler.observe(this.dependent(tx));

    const stale = this.invalidRead(tx);
    if (stale !== undefined) {
      scheduler.reschedule(tx, stale.writer, true);
      this.invalidate(tx, stale.key, stale.writer);
    }
    // Readers above `tx` of a key whose value it changed must run again.
    for (const key of changed) {
      for (const reader of this.readers.of(key)) {
        if (reader <= tx || scheduler.status[reader] !== EXECUTED) continue;
        if (this.mv.read(key, reader) !== this.results[reader]!.reads.get(key)) {
          scheduler.reschedule(reader, tx, true);
          this.invalidate(reader, key, tx);
        }
      }
    }
  }

  /** Commits what can be committed at the commit point. */
  advance(): void {
    const scheduler = this.scheduler;
    scheduler.advance((tx) => {
      const stale = this.invalidRead(tx);
      if (stale === undefined) {
        // Committed: never invalidated again, so it leaves the readers index (which stays small).
        this.readers.remove(tx, this.results[tx]!.reads.keys());
        return true;
      }
      scheduler.reschedule(tx, -1, true);
      this.invalidate(tx, stale.key, stale.writer);
      return false;
    });
  }

  /**
   * Balance keys credited as deltas (`:credit`) whose value before the block nobody has: no
   * transaction read them. Fetch them before `executed`.
   */
  creditedBalancesMissing(): StateKey[] {
    const missing = new Set<StateKey>();
    for (const r of this.results) {
      for (const key of r?.writes.keys() ?? []) {
        if (isCreditKey(key) && !this.mv.pre.has(creditedBalance(key))) missing.add(creditedBalance(key));
      }
    }
    return [...missing];
  }

  /**
   * Every transaction's committed execution (once the block is done), a credit delta turned into
   * its balance write (the balance it saw before plus the delta).
   */
  executed(): ExecutedTx[] {
    return this.results.map((r, tx) => ({
      valid: r!.valid,
      error: r!.error,
      status: r!.status,
      gasUsed: r!.gasUsed,
      logs: r!.logs,
      reads: r!.reads,
      writes: absoluteWrites(r!.writes, (key) => this.mv.readOrThrow(key, tx)),
      feeDelta: r!.feeDelta,
      incarnations: this.executions[tx],
      sender: r!.sender,
    }));
  }

  /** Keeps the serial classes this block showed in `names` (serial-classes.ts) for the next blocks. */
  rememberSerialClasses(names: Map<string, string>): void {
    this.serial?.remember(names, (tx) => this.lowerWriters(tx));
  }

  /**
   * The transaction among those that run alongside `tx` in parallel mode whose write `tx` read, or
   * -1; `COINBASE_READ` when `tx` read the beneficiary's balance (which every fee changes).
   */
  private recentWriter(tx: number): number {
    const window = this.policy.dependencyWindow();
    for (const key of this.results[tx]!.reads.keys()) {
      if (key === this.mv.coinbaseBalanceKey) return COINBASE_READ;
      const writer = this.mv.writerBelow(key, tx);
      if (writer >= 0 && writer >= tx - window) return writer;
    }
    return -1;
  }

  /**
   * Learns from `tx`'s dependency on a recent transaction: a dependency is a conflict in the
   * making, so it counts towards its call class becoming serial (a chain found in the probe, before
   * any abort). Returns whether the dependency makes running in parallel a risk: in parallel mode,
   * one on a transaction of the same chain is none (its worker runs them in order).
   */
  private dependent(tx: number): boolean {
    const writer = this.recentWriter(tx);
    if (writer < 0) return writer === COINBASE_READ;
    this.learnConflict(tx, writer);
    return this.scheduler.mode === "sequential" || this.serial?.sameChain(tx, writer) !== true;
  }

  /**
   * `reader` depends on `writer` (it read its write, or was invalidated by it; -1: unknown writer).
   * When that makes a chain of serial classes most of the block, parallel mode is a loss: run it on
   * the main thread.
   */
  private learnConflict(reader: number, writer: number): void {
    if (this.serial?.conflict(reader, writer, this.executions) !== true) return;
    if (this.scheduler.mode === "parallel" && this.mostlyOneChain()) this.scheduler.startSequential();
  }

  private invalidate(tx: number, key: StateKey, writer: number): void {
    this.invalidatedCount++;
    this.learnConflict(tx, writer);
    this.reexecutions.push({ tx, reason: "read invalidated", key, writer });
    if (this.serial?.isSerial(tx)) this.invalidateChain(tx);
  }

  /**
   * A transaction of a serial class runs again: the executed transactions of serial classes above
   * it that read what it wrote ran on its stale writes (they are a chain), so they run again too,
   * right behind it (in its batch, on its chain's worker), instead of one round trip each.
   */
  private invalidateChain(tx: number): void {
    const scheduler = this.scheduler;
    for (const key of this.results[tx]?.writes.keys() ?? []) {
      for (const reader of this.readers.of(key)) {
        if (reader <= tx || scheduler.status[reader] !== EXECUTED || !this.serial!.isSerial(reader)) continue;
        scheduler.reschedule(reader, tx, false);
        this.reexecutions.push({ tx: reader, reason: "read invalidated", key, writer: tx });
      }
    }
  }

  /** For each key `tx`'s latest execution read, the lower transaction that wrote it last (or -1). */
  private *lowerWriters(tx: number): Iterable<number> {
    for (const key of this.results[tx]?.reads.keys() ?? []) yield this.mv.writerBelow(key, tx);
  }

  /** The first read of `tx`'s latest execution that the MV no longer confirms. */
  private invalidRead(tx: number): { key: StateKey; writer: number } | undefined {
    for (const [key, value] of this.results[tx]!.reads) {
      if (this.mv.read(key, tx) !== value) return { key, writer: this.mv.writerBelow(key, tx) };
    }
    return undefined;
  }
}
