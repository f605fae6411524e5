/**
 * The parallel executor: Block-STM-style optimistic concurrency over a pool of EVM workers.
 *
 * Algorithm
 * - The main thread owns the multi-version memory (MV: per key, the value each transaction's latest
 *   incarnation wrote), the scheduler and an append-only log of every change applied to the MV.
 *   Each worker holds a replica (pre-state + MV) that it brings up to date by replaying the log
 *   entries it has not seen, which travel with each task; a worker runs a batch of transactions in
 *   index order, each reading the replica at its own index (the latest write of a lower
 *   transaction, else the pre-state), and records its results in its replica as it goes.
 * - When results come back, the main thread records each in the MV and the log and validates it:
 *   every value it read must equal what the MV now gives for that key at its index. A read that no
 *   longer holds sends the transaction back to the scheduler, blocked by the writer of that key
 *   (it is not run again before that writer has a new result, unless it rides in the same batch
 *   right behind it). When a transaction's write set changes, the readers above it whose reads it
 *   changed are sent back as well (readers index), so chains re-execute early and in order.
 * - Commit: transactions commit in index order. The transaction at the commit point is validated
 *   once more against the MV; all lower transactions are committed (final), so its reads are then
 *   exactly what sequential execution would give it, and it commits.
 * - The beneficiary's balance: a transaction that only pays it a fee records a fee delta, not a
 *   write (fee credits commute). A transaction that reads it (BALANCE, a CALL to it, a transfer)
 *   reads the last explicit value plus the fee deltas of the transactions in between, and is
 *   validated like any other read.
 * - ethereumjs quirks: writes that end at the value first read are dropped (a zero-value CALL
 *   rewrites the callee's account; a reentrancy lock set and reset), so they are reads only.
 * - Contention: the scheduler falls back to one batch at a time (sequential) when too many
 *   executions are wasted, and probes parallel mode again later.
 * - Batches are sized to ~`targetBatchMs` of execution (measured per transaction) so that the
 *   message round trip (~0.1 ms) stays small against the work.
 * - Missing pre-state: a transaction that reads a key nobody knows stops; the key is fetched
 *   (provider at the parent block), logged as pre-state, and the transaction is run again.
 * - Faults: a worker that exits, crashes or exceeds the task timeout loses its batch: those
 *   transactions are handed out again and the replacement worker gets a full set-up.
 *
 * Invariants
 * 1. A transaction is in at most one batch in flight, so its incarnations reach the main thread in
 *    order, and each log entry for it replaces its previous write set.
 * 2. The MV equals the fold of the log; a worker's replica equals the fold of the log prefix it
 *    received plus its own later results, which are also the next entries for their transactions.
 * 3. Transaction i commits only when i-1 has committed and every read of i's latest execution
 *    equals the MV's value for that key at i. By induction every committed transaction saw exactly
 *    the state sequential execution gives it, so the result is identical to sequential execution.
 */
import type { StateKey } from "../capture/types.ts";
import type { BlockExecution, BlockJob, ExecutedTx, Reexecution } from "./block-execution.ts";
import type { ChainConfig } from "./evm-runner.ts";
import type { StateValue } from "./state-values.ts";
import type { BatchResult, BatchTask, LogEntry, TxResult, WorkerFaults } from "./worker-messages.ts";
import type { WorkerSlot } from "./worker-pool.ts";

import { MultiVersionMemory } from "./multi-version-memory.ts";
import { EXECUTED, RUNNING, Scheduler } from "./scheduler.ts";
import { fetchInto, postState } from "./sequential-executor.ts";
import { balanceOf } from "./state-values.ts";
import { ExecutorPool } from "./worker-pool.ts";

export interface ParallelOptions {
  /** Target execution time of one batch (default 4 ms). */
  targetBatchMs?: number;
  /** A batch whose worker takes longer than this is abandoned and its worker replaced (default 60 s). */
  taskTimeoutMs?: number;
  /** Test hooks: make a worker exit or hang once, at a given transaction. */
  faults?: WorkerFaults;
  /** Give up after this many lost batches in one block (default 8). */
  maxLostBatches?: number;
}

/** A log entry as kept on the main thread: who produced it, so that worker is not sent it back. */
type OwnedEntry = LogEntry & { origin?: number; generation?: number };

export class ParallelExecutor {
  readonly pool: ExecutorPool;
  readonly chain: ChainConfig;
  readonly options: ParallelOptions;
  /** Incremented when a slot's worker is replaced: its own log entries must then be sent again. */
  readonly generations: number[];
  private blocks = 0;

  constructor(workers: number, chain: ChainConfig, options: ParallelOptions = {}) {
    this.pool = new ExecutorPool(workers, { taskTimeoutMs: options.taskTimeoutMs });
    this.chain = chain;
    this.options = { ...options };
    this.generations = new Array(workers).fill(0);
  }

  async execute(job: BlockJob): Promise<BlockExecution> {
    return new BlockRun(this, job, ++this.blocks).run();
  }

  /** Arms a fault for the next block(s) (tests). */
  injectFault(faults: WorkerFaults): void {
    this.options.faults = faults;
  }

  async terminate(): Promise<void> {
    await this.pool.terminate();
  }
}

/** One block on the pool. */
class BlockRun {
  private readonly executor: ParallelExecutor;
  private readonly job: BlockJob;
  private readonly blockId: number;
  private readonly n: number;
  private readonly mv: MultiVersionMemory;
  private readonly scheduler: Scheduler;
  private readonly results: Array<TxResult | undefined>;
  private readonly executions: number[];
  private readonly senders: Array<string | undefined>;
  private readonly log: OwnedEntry[] = [];
  private readonly readers = new Map<StateKey, Set<number>>();
  private readonly reexecutions: Reexecution[] = [];
  private readonly fetches = new Map<StateKey, Promise<void>>();
  private avgTxMs = 0.25;
  private lostBatches = 0;
  private finished = false;
  private resolve!: (execution: BlockExecution) => void;
  private reject!: (error: unknown) => void;
  private start = 0;

  constructor(executor: ParallelExecutor, job: BlockJob, blockId: number) {
    this.executor = executor;
    this.job = job;
    this.blockId = blockId;
    this.n = job.txs.length;
    this.mv = new MultiVersionMemory(job.pre, balanceOf(job.env.beneficiary.toLowerCase()));
    this.scheduler = new Scheduler(this.n);
    this.results = new Array(this.n);
    this.executions = new Array(this.n).fill(0);
    this.senders = new Array(this.n);
  }

  run(): Promise<BlockExecution> {
    this.start = performance.now();
    this.executor.pool.resetBusy();
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      if (this.n === 0) return void this.finish();
      this.pump();
    });
  }

  /** Hands batches to idle workers. */
  private pump(): void {
    if (this.finished) return;
    const pool = this.executor.pool;
    const target = this.executor.options.targetBatchMs ?? 4;
    for (const slot of pool.slots) {
      if (slot.busy) continue;
      let size = Math.max(1, Math.min(256, Math.round(target / this.avgTxMs)));
      if (this.scheduler.mode === "parallel") size = Math.min(size, Math.ceil(this.scheduler.remaining / pool.size));
      const batch = this.scheduler.pickBatch(size);
      if (batch.length === 0) break;
      this.dispatch(slot, batch);
    }
  }

  private dispatch(slot: WorkerSlot, batch: number[]): void {
    const executor = this.executor;
    const generation = executor.generations[slot.index];
    const task: BatchTask = {
      blockId: this.blockId,
      fromSeq: 0,
      log: [],
      items: batch.map((tx) => ({ tx, incarnation: this.executions[tx] + 1, sender: this.senders[tx] })),
    };
    if (slot.blockId !== this.blockId) {
      task.setup = this.setup(slot);
      slot.blockId = this.blockId;
      slot.seq = 0;
    }
    task.fromSeq = slot.seq;
    for (let i = slot.seq; i < this.log.length; i++) {
      const entry = this.log[i];
      // The worker already holds its own results (invariant 2): send a placeholder.
      task.log.push(entry.origin === slot.index && entry.generation === generation ? EMPTY_ENTRY : stripOwner(entry));
    }
    slot.seq = this.log.length;
    const faults = executor.options.faults;
    if (faults !== undefined && batch.some((tx) => tx === faults.exitOnTx || tx === faults.hangOnTx)) task.faults = faults;
    executor.pool.run(slot, task).then(
      (result) => this.onBatch(slot, generation, batch, result),
      (error) => this.onLost(slot, batch, error),
    );
  }

  private setup(slot: WorkerSlot): BatchTask["setup"] {
    const codes: Array<[string, Uint8Array]> = [];
    for (const [hash, code] of this.job.codes.entries()) {
      if (!slot.codes.has(hash)) {
        codes.push([hash, code]);
        slot.codes.add(hash);
      }
    }
    return {
      chain: this.executor.chain,
      env: this.job.env,
      txs: this.job.txs,
      pre: [...this.job.pre.values],
      codes,
    };
  }

  private onBatch(slot: WorkerSlot, generation: number, batch: number[], result: BatchResult): void {
    this.scheduler.batchDone();
    if (this.finished) return;
    if (result.needSync) {
      slot.blockId = -1;
      this.executor.generations[slot.index]++;
      for (const tx of batch) this.scheduler.reschedule(tx, -1, false);
      return this.pump();
    }
    if (result.results.length > 0) {
      const perTx = result.busyMs / result.results.length;
      this.avgTxMs = this.avgTxMs * 0.7 + perTx * 0.3;
    }
    for (const r of result.results) this.accept(r, slot.index, generation);
    this.commit();
  }

  private onLost(slot: WorkerSlot, batch: number[], error: unknown): void {
    this.scheduler.batchDone();
    if (this.finished) return;
    this.executor.generations[slot.index]++;
    // A fault hook fires once: the replacement worker runs the batch normally.
    this.executor.options.faults = undefined;
    for (const tx of batch) {
      if (this.scheduler.status[tx] !== RUNNING) continue;
      this.scheduler.reschedule(tx, -1, false);
      this.reexecutions.push({ tx, reason: `worker lost: ${String((error as Error)?.message ?? error)}`, writer: -1 });
    }
    if (++this.lostBatches > (this.executor.options.maxLostBatches ?? 8)) {
      return this.fail(new Error(`parallel executor: ${this.lostBatches} batches lost, giving up (${String(error)})`));
    }
    this.pump();
  }

  /** Records one execution result in the MV and the log, and validates what it affects. */
  private accept(r: TxResult, origin: number, generation: number): void {
    const tx = r.tx;
    const scheduler = this.scheduler;
    if (r.missing !== undefined) return this.fetchMissing(tx, r.missing);
    this.executions[tx]++;
    this.senders[tx] = r.sender;
    const previous = this.results[tx];
    if (previous !== undefined) for (const key of previous.reads.keys()) this.readers.get(key)?.delete(tx);
    this.results[tx] = r;
    for (const key of r.reads.keys()) {
      let set = this.readers.get(key);
      if (set === undefined) this.readers.set(key, (set = new Set()));
      set.add(tx);
    }
    for (const [hash, code] of r.newCode) this.job.codes.addKnown(hash, code);
    const changed = this.mv.record(tx, r.writes, r.feeDelta);
    this.log.push({
      tx,
      writes: r.writes,
      feeDelta: r.feeDelta,
      codes: r.newCode.length > 0 ? r.newCode : undefined,
      origin,
      generation,
    });
    scheduler.executed(tx);

    const stale = this.invalidRead(tx);
    if (stale !== undefined) {
      scheduler.reschedule(tx, stale.writer, true);
      this.reexecutions.push({ tx, reason: "read invalidated", key: stale.key, writer: stale.writer });
    }
    // Readers above `tx` of a key whose value it changed must run again.
    for (const key of changed) {
      const readers = this.readers.get(key);
      if (readers === undefined) continue;
      for (const reader of readers) {
        if (reader <= tx || scheduler.status[reader] !== EXECUTED) continue;
        if (this.mv.read(key, reader) !== this.results[reader]!.reads.get(key)) {
          scheduler.reschedule(reader, tx, true);
          this.reexecutions.push({ tx: reader, reason: "read invalidated", key, writer: tx });
        }
      }
    }
  }

  /** The first read of `tx`'s latest execution that the MV no longer confirms. */
  private invalidRead(tx: number): { key: StateKey; writer: number } | undefined {
    for (const [key, value] of this.results[tx]!.reads) {
      if (this.mv.read(key, tx) !== value) return { key, writer: this.mv.writerBelow(key, tx) };
    }
    return undefined;
  }

  private commit(): void {
    const scheduler = this.scheduler;
    scheduler.advance((tx) => {
      const stale = this.invalidRead(tx);
      if (stale === undefined) return true;
      scheduler.reschedule(tx, -1, true);
      this.reexecutions.push({ tx, reason: "read invalidated", key: stale.key, writer: stale.writer });
      return false;
    });
    if (scheduler.done) return void this.finish();
    this.pump();
  }

  private fetchMissing(tx: number, key: StateKey): void {
    this.scheduler.fetching(tx);
    this.reexecutions.push({ tx, reason: "missing pre-state", key, writer: -1 });
    let fetch = this.fetches.get(key);
    if (fetch === undefined) {
      fetch = fetchInto(this.job, [key]).then(() => {
        const entry: OwnedEntry = { pre: [[key, this.job.pre.get(key)!]] };
        const value = this.job.pre.get(key);
        if (typeof value === "string" && key.endsWith(":code")) entry.codes = [[value, this.job.codes.get(value)]];
        this.log.push(entry);
      });
      this.fetches.set(key, fetch);
    }
    fetch.then(
      () => {
        this.scheduler.reschedule(tx, -1, false);
        this.pump();
      },
      (error) => this.fail(error),
    );
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      const txs: ExecutedTx[] = this.results.map((r, tx) => ({
        valid: r!.valid,
        error: r!.error,
        status: r!.status,
        gasUsed: r!.gasUsed,
        logs: r!.logs,
        reads: r!.reads,
        writes: r!.writes,
        feeDelta: r!.feeDelta,
        incarnations: this.executions[tx],
        sender: r!.sender,
      }));
      const post = await postState(this.job, txs, (key): StateValue => this.mv.readOrThrow(key, this.n));
      this.resolve({
        txs,
        post,
        wallMs: performance.now() - this.start,
        reexecutions: this.reexecutions,
        busyMs: this.executor.pool.slots.map((slot) => slot.busyMs),
        fellBack: this.scheduler.fellBack,
      });
    } catch (error) {
      this.reject(error);
    }
  }

  private fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.reject(error);
  }
}

const EMPTY_ENTRY: LogEntry = { pre: [] };

function stripOwner(entry: OwnedEntry): LogEntry {
  if ("pre" in entry) return { pre: entry.pre, codes: entry.codes };
  return { tx: entry.tx, writes: entry.writes, feeDelta: entry.feeDelta, codes: entry.codes };
}
