import type { TypedTransaction } from "@ethereumjs/tx";
import type { StateKey } from "../../capture/types.ts";
import type { BlockExecution, BlockJob, ExecutedTx, Reexecution } from "../block-execution.ts";
import type { BatchResult, BatchTask, PackedEntries, TxResult, WorkerSlot } from "../workers/index.ts";
import type { ParallelExecutor } from "./parallel-executor.ts";
import type { StateValue } from "../../evm/index.ts";
import type { Dispatch } from "./batches-in-flight.ts";

import { BatchesInFlight } from "./batches-in-flight.ts";
import { BlockLog } from "./block-log.ts";
import { BlockSetups } from "./block-setups.ts";
import { MultiVersionMemory } from "./multi-version-memory.ts";
import { ReadersIndex } from "./readers-index.ts";
import { EXECUTED, READY, RUNNING, Scheduler } from "./scheduler.ts";
import { SenderRecovery } from "./sender-recovery.ts";
import { SerialClasses } from "./serial-classes.ts";
import { fetchInto, postState } from "../sequential-executor.ts";
import { balanceOf, isCodeKey } from "../../evm/index.ts";

/** The origin of results the main thread computed itself (sequential mode). */
const MAIN_THREAD = -1;
/** `recentWriter`: the transaction read the beneficiary's balance. */
const COINBASE_READ = -2;
/** A block whose longest known chain holds this share of its transactions starts in sequential mode (default). */
const SEQUENTIAL_CHAIN_SHARE = 0.8;

/** One block on the pool (see the algorithm in parallel-executor.ts). */
export class BlockRun {
  private readonly executor: ParallelExecutor;
  private readonly job: BlockJob;
  readonly blockId: number;
  private readonly n: number;
  private readonly mv: MultiVersionMemory;
  private readonly scheduler: Scheduler;
  private readonly results: Array<TxResult | undefined>;
  private readonly executions: number[];
  private readonly senders: Array<string | undefined>;
  private readonly log = new BlockLog();
  private readonly setups: BlockSetups;
  private readonly readers = new ReadersIndex();
  private readonly reexecutions: Reexecution[] = [];
  private readonly serial: SerialClasses | undefined;
  private readonly fetches = new Map<StateKey, Promise<void>>();
  private readonly recovery: SenderRecovery;
  /** Recovery tasks in flight, and senders they recovered. */
  private recoveries = 0;
  private sendersRecovered = 0;
  private avgTxMs = 0.25;
  /** Results recorded, and executions invalidated (for the batch size). */
  private accepted = 0;
  private invalidated = 0;
  /** True while the main thread runs transactions itself (sequential mode). */
  private onMainThread = false;
  private readonly decoded: Array<TypedTransaction | undefined>;
  private readonly batches: BatchesInFlight;
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
    this.serial = executor.options.serialClasses === false ? undefined : new SerialClasses(job.txs, executor.pool.size, executor.serialClassNames);
    this.scheduler = new Scheduler(this.n, { mayFallBack: executor.options.faults === undefined });
    this.results = new Array(this.n);
    this.executions = new Array(this.n).fill(0);
    this.senders = new Array(this.n);
    this.decoded = new Array(this.n);
    this.batches = new BatchesInFlight(this.n);
    this.recovery = new SenderRecovery(this.n);
    this.setups = new BlockSetups(job, executor.chain);
    // Most of the block one chain already known: workers would only run it in turn, with round trips.
    if (this.mostlyOneChain()) this.scheduler.startSequential();
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

  /** Hands batches to idle workers (the executor calls it too, when an earlier block's batch frees one). */
  pump(): void {
    if (this.finished) return;
    const sequential = this.scheduler.mode === "sequential";
    if (sequential && !this.onMainThread) this.runOnMainThread().catch((error) => this.fail(error));
    const pool = this.executor.pool;
    const depth = this.pipelineDepth;
    for (let round = 1; round <= depth; round++) {
      for (const slot of pool.slots) {
        if (slot.inFlight >= round) continue;
        const size = Math.min(this.batchSize(), Math.ceil(this.scheduler.remaining / (pool.size * depth)));
        const skip = this.othersChains(slot);
        const batch = sequential ? [] : this.scheduler.pickBatch(size, skip);
        if (batch.length > 0) {
          this.dispatch(slot, batch);
          continue;
        }
        if (this.mayRecover(slot, sequential) && this.recoverSenders(slot)) continue;
        // Nothing for this worker; nor for the next ones, unless some work is only for them.
        if (!sequential && skip === undefined) return;
      }
    }
  }

  /** Batches a worker may hold at once. */
  private get pipelineDepth(): number {
    return this.executor.options.pipelineDepth ?? 2;
  }

  /** Transactions `slot` must leave: those of serial classes whose chain another worker runs. */
  private othersChains(slot: WorkerSlot): ((tx: number) => boolean) | undefined {
    const serial = this.serial;
    if (serial === undefined || !serial.any) return undefined;
    return (tx) => {
      const owner = serial.ownerOf(tx);
      return owner >= 0 && owner !== slot.index;
    };
  }

  /**
   * Whether `slot` may recover senders: in sequential mode the main thread keeps a CPU busy, so only
   * as many workers as there are other CPUs do (on 2 CPUs, one), or they would slow it down.
   */
  private mayRecover(slot: WorkerSlot, sequential: boolean): boolean {
    return !sequential || slot.index < Math.max(1, this.executor.cpus - 1);
  }

  /** Hands `slot` the recovery of the next unknown senders (sender-recovery.ts); false when none is left. */
  private recoverSenders(slot: WorkerSlot): boolean {
    const { commitIndex, status } = this.scheduler;
    // Not those running: their worker recovers their senders.
    const chunk = this.recovery.next(commitIndex + 1, (tx) => this.senders[tx] !== undefined || status[tx] !== READY);
    if (chunk.length === 0) return false;
    const task = { chain: this.executor.chain, raws: chunk.map((tx) => this.job.txs[tx]) };
    this.recoveries++;
    this.executor.pool.recoverSenders(slot, task, this.blockId).then(
      (senders) => {
        this.recoveries--;
        chunk.forEach((tx, i) => (this.senders[tx] ??= senders[i]));
        this.sendersRecovered += chunk.length;
        this.pump();
      },
      () => {
        // Lost: the worker may have been replaced, so its replica is gone with its own results.
        slot.newGeneration();
        this.recoveries--;
        this.recovery.lost(chunk);
        this.pump();
      },
    );
    return true;
  }

  /**
   * Transactions per batch: about `targetBatchMs` of execution. By default 4 ms, or 12 ms while
   * fewer than 1% of the block's executions so far were invalidated (where batches rarely
   * conflict, fewer and larger batches save round trips and main-thread work).
   */
  private batchSize(): number {
    const calm = this.accepted >= 32 && this.invalidated * 100 < this.accepted;
    const target = this.executor.options.targetBatchMs ?? (calm ? 12 : 4);
    return Math.max(1, Math.min(256, Math.round(target / this.avgTxMs)));
  }

  private dispatch(slot: WorkerSlot, batch: number[]): void {
    const executor = this.executor;
    const generation = slot.generation;
    let setup: BatchTask["setup"];
    if (!slot.holds(this.blockId)) {
      setup = this.setups.for(slot);
      slot.startBlock(this.blockId);
    }
    const task: BatchTask = {
      blockId: this.blockId,
      setup,
      worker: { index: slot.index, generation },
      ...this.log.sendTo(slot),
      items: batch.map((tx) => ({ tx, incarnation: this.executions[tx] + 1, sender: this.senders[tx] })),
    };
    const dropped = this.batches.takeDropped(slot);
    if (dropped !== undefined) {
      task.restore = [...dropped].map((tx) => ({ tx, writes: this.mv.writesOf(tx) ?? new Map(), feeDelta: this.mv.feeDeltaOf(tx) }));
    }
    const faults = executor.options.faults;
    if (faults !== undefined && batch.some((tx) => tx === faults.exitOnTx || tx === faults.hangOnTx || tx === faults.throwOnTx)) task.faults = faults;
    const dispatch = this.batches.add(slot, batch);
    dispatch.done = executor.pool.run(slot, task).then(
      (result) => void (this.returned(dispatch) && this.onBatch(slot, generation, batch, result)),
      (error) => void (this.returned(dispatch) && this.onLost(slot, batch, error)),
    );
  }

  /** A batch came back (or was lost): false when its results are to be ignored. */
  private returned(dispatch: Dispatch): boolean {
    this.scheduler.batchDone();
    this.batches.settled(dispatch);
    if (this.finished) return false;
    if (dispatch.abandoned) this.pump();
    return !dispatch.abandoned;
  }

  /**
   * Sequential mode: the main thread takes over the transactions of a batch still in flight (it
   * would otherwise wait for it), and of every other batch its worker holds. Their results will be
   * ignored; the worker's replica records them, so its next task restores those transactions'
   * write sets to the MV's (invariant 2).
   */
  private takeOver(slot: WorkerSlot): void {
    this.batches.abandonAll(slot, (tx) => {
      if (this.scheduler.status[tx] === RUNNING) this.scheduler.reschedule(tx, -1, false);
    });
  }

  private onBatch(slot: WorkerSlot, generation: number, batch: number[], result: BatchResult): void {
    if (result.needSync) {
      slot.forgetBlock();
      slot.newGeneration();
      for (const tx of batch) this.scheduler.reschedule(tx, -1, false);
      return this.pump();
    }
    if (result.results.length > 0) {
      const perTx = result.busyMs / result.results.length;
      this.avgTxMs = this.avgTxMs * 0.7 + perTx * 0.3;
    }
    for (const r of result.results) this.accept(this.setups.unpack(r), slot.index, generation, r.writes);
    this.commit();
  }

  private onLost(slot: WorkerSlot, batch: number[], error: unknown): void {
    slot.newGeneration();
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

  /**
   * Sequential mode: runs the transactions at the commit point on the main thread, each against the
   * MV with every lower transaction committed (so each result commits at once), until the scheduler
   * probes parallel mode again, the block is done, or a transaction waits for missing pre-state.
   */
  private async runOnMainThread(): Promise<void> {
    this.onMainThread = true;
    const runner = await this.executor.mainThreadRunner(this.job);
    runner.setBlock(this.job.env, this.job.codes);
    const scheduler = this.scheduler;
    const mv = this.mv;
    let yielded = performance.now();
    while (!this.finished && scheduler.mode === "sequential" && !scheduler.done) {
      const tx = scheduler.commitIndex;
      if (scheduler.status[tx] === RUNNING) {
        // In a batch still in flight. Along a dependency chain its results would be stale: take the
        // batch over. Otherwise they are likely good: wait for them.
        const dispatch = this.batches.holder(tx);
        if (dispatch !== undefined && !scheduler.chained) await dispatch.done;
        else await new Promise(setImmediate); // let pending results in first
        if (scheduler.mode !== "sequential" || scheduler.status[tx] !== RUNNING) continue;
        const holder = this.batches.holder(tx);
        if (holder !== undefined) this.takeOver(holder.slot);
        else scheduler.reschedule(tx, -1, false); // its batch came back without it (cannot happen)
        continue;
      }
      if (scheduler.status[tx] === READY) {
        scheduler.running(tx);
        let decoded = this.decoded[tx];
        if (decoded === undefined) decoded = this.decoded[tx] = runner.decode(this.job.txs[tx], this.senders[tx]);
        const run = await runner.run(decoded, { read: (key) => mv.readOrThrow(key, tx) });
        this.accept({ tx, incarnation: this.executions[tx] + 1, ...run }, MAIN_THREAD, 0);
        // The VM's awaits are microtasks: let the workers' answers (recovered senders) in.
        if (this.recoveries > 0 && performance.now() - yielded > 1) {
          await new Promise(setImmediate);
          yielded = performance.now();
        }
      } else if (scheduler.status[tx] !== EXECUTED) {
        break; // fetching its missing pre-state: the fetch resumes the block
      }
      this.advance();
    }
    this.onMainThread = false;
    if (scheduler.done) return void this.finish();
    if (scheduler.mode === "parallel") this.pump();
  }

  /**
   * The transaction among those that run alongside `tx` in parallel mode whose write `tx` read, or
   * -1; `COINBASE_READ` when `tx` read the beneficiary's balance (which every fee changes).
   */
  private recentWriter(tx: number): number {
    const window = this.batchSize() * this.executor.pool.size * this.pipelineDepth;
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

  /** Whether the longest chain of serial classes holds most of the block (`sequentialChainShare`). */
  private mostlyOneChain(): boolean {
    return (this.serial?.largestChainShare() ?? 0) >= (this.executor.options.sequentialChainShare ?? SEQUENTIAL_CHAIN_SHARE);
  }

  /**
   * Records one execution result in the MV and the log, and validates what it affects.
   * `packedWrites`: its write set as the worker packed it (the log carries it so), if it has one.
   */
  private accept(r: TxResult, origin: number, generation: number, packedWrites?: PackedEntries): void {
    const tx = r.tx;
    const scheduler = this.scheduler;
    if (r.missing !== undefined) return this.fetchMissing(tx, r.missing);
    this.executions[tx]++;
    this.accepted++;
    this.serial?.executed(tx);
    this.senders[tx] = r.sender;
    this.readers.replace(tx, this.results[tx]?.reads.keys(), r.reads.keys());
    this.results[tx] = r;
    for (const [hash, code] of r.newCode) this.job.codes.addKnown(hash, code);
    const changed = this.mv.record(tx, r.writes, r.feeDelta);
    this.log.result(tx, packedWrites ?? this.setups.pack(r.writes), r.feeDelta, r.newCode, origin, generation);
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

  private invalidate(tx: number, key: StateKey, writer: number): void {
    this.invalidated++;
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

  private commit(): void {
    this.advance();
    if (this.scheduler.done) return void this.finish();
    this.pump();
  }

  /** Commits what can be committed at the commit point. */
  private advance(): void {
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

  private fetchMissing(tx: number, key: StateKey): void {
    this.scheduler.fetching(tx);
    this.reexecutions.push({ tx, reason: "missing pre-state", key, writer: -1 });
    let fetch = this.fetches.get(key);
    if (fetch === undefined) {
      fetch = fetchInto(this.job, [key]).then(() => {
        const value = this.job.pre.get(key)!;
        const code = typeof value === "string" && isCodeKey(key);
        this.log.pre({ pre: [[key, value]], codes: code ? [[value, this.job.codes.get(value)]] : undefined });
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
    this.serial?.remember(this.executor.serialClassNames, (tx) => this.lowerWriters(tx));
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
        serialTxs: this.serial?.serialTxCount() ?? 0,
        sendersRecovered: this.sendersRecovered,
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
