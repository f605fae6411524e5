import type { TypedTransaction } from "@ethereumjs/tx";
import type { StateKey } from "../../capture/types.ts";
import type { StateValue } from "../../evm/index.ts";
import type { BlockExecution, BlockJob } from "../block-execution.ts";
import type { TimelineSpan } from "../timeline-span.ts";
import type { BatchResult, BatchTask, PackedEntries, TxResult, WorkerSlot } from "../workers/index.ts";
import type { Dispatch } from "./batches-in-flight.ts";
import type { BlockRunContext } from "./block-run-context.ts";

import { isCodeKey } from "../../evm/index.ts";
import { fetchInto, postState } from "../block-execution.ts";
import { DEFAULT_MAX_LOST_BATCHES } from "./parallel-options.ts";
import { batchSpans } from "../timeline-span.ts";
import { BatchesInFlight } from "./batches-in-flight.ts";
import { BlockLog } from "./block-log.ts";
import { BlockResults } from "./block-results.ts";
import { BlockSetups } from "./block-setups.ts";
import { EXECUTED, READY, RUNNING, Scheduler } from "./scheduler.ts";
import { SenderRecovery } from "./sender-recovery.ts";
import { SerialClasses } from "./serial-classes.ts";

/** The origin of results the main thread computed itself (sequential mode). */
const MAIN_THREAD = -1;

/** One block on the pool (see the algorithm in parallel-executor.ts). */
export class BlockRun {
  private readonly executor: BlockRunContext;
  private readonly job: BlockJob;
  readonly blockId: number;
  private readonly n: number;
  private readonly scheduler: Scheduler;
  /** The results: the MV, validation and commits (block-results.ts). */
  private readonly results: BlockResults;
  private readonly senders: Array<string | undefined>;
  private readonly log = new BlockLog();
  private readonly setups: BlockSetups;
  private readonly serial: SerialClasses | undefined;
  private readonly fetches = new Map<StateKey, Promise<void>>();
  private readonly recovery: SenderRecovery;
  /** Recovery tasks in flight, and senders they recovered. */
  private recoveries = 0;
  private sendersRecovered = 0;
  private avgTxMs = 0.25;
  /** True while the main thread runs transactions itself (sequential mode). */
  private onMainThread = false;
  private readonly decoded: Array<TypedTransaction | undefined>;
  private readonly batches: BatchesInFlight;
  private lostBatches = 0;
  private finished = false;
  private resolve!: (execution: BlockExecution) => void;
  private reject!: (error: unknown) => void;
  private start = 0;
  /** Every execution whose result came back, in the order it did (BlockExecution.timeline). */
  private readonly timeline: TimelineSpan[] = [];

  constructor(executor: BlockRunContext, job: BlockJob, blockId: number) {
    this.executor = executor;
    this.job = job;
    this.blockId = blockId;
    this.n = job.txs.length;
    this.serial =
      executor.options.serialClasses === false
        ? undefined
        : new SerialClasses(job.txs, executor.pool.size, executor.serialClassNames);
    this.scheduler = new Scheduler(this.n, { mayFallBack: executor.options.faults === undefined });
    this.results = new BlockResults(job, this.scheduler, this.serial, {
      dependencyWindow: () => this.batchSize() * executor.pool.size * this.pipelineDepth,
      options: executor.options,
    });
    this.senders = new Array(this.n);
    this.decoded = new Array(this.n);
    this.batches = new BatchesInFlight(this.n);
    this.recovery = new SenderRecovery(this.n);
    this.setups = new BlockSetups(job, executor.chain);
    // Most of the block one chain already known: workers would only run it in turn, with round trips.
    if (this.results.mostlyOneChain()) this.scheduler.startSequential();
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
    const { accepted, invalidated } = this.results;
    const calm = accepted >= 32 && invalidated * 100 < accepted;
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
      items: batch.map((tx) => ({ tx, incarnation: this.results.nextIncarnation(tx), sender: this.senders[tx] })),
    };
    const dropped = this.batches.takeDropped(slot);
    if (dropped !== undefined) {
      const mv = this.results.mv;
      const restore = (tx: number) => ({ tx, writes: mv.writesOf(tx) ?? new Map(), feeDelta: mv.feeDeltaOf(tx) });
      task.restore = [...dropped].map(restore);
    }
    const faults = executor.options.faults;
    const faulty = (tx: number) => tx === faults?.exitOnTx || tx === faults?.hangOnTx || tx === faults?.throwOnTx;
    if (faults !== undefined && batch.some(faulty)) task.faults = faults;
    const dispatch = this.batches.add(slot, batch);
    dispatch.done = executor.pool.run(slot, task).then(
      (result) => {
        this.addSpans(slot.index, result);
        if (this.returned(dispatch)) this.onBatch(slot, generation, batch, result);
      },
      (error) => void (this.returned(dispatch) && this.onLost(slot, batch, error)),
    );
  }

  /**
   * Adds the executions of a batch that came back to the timeline: those of an abandoned batch too
   * (they ran), none once the block is done.
   */
  private addSpans(worker: number, result: BatchResult): void {
    const spans = result.spans;
    if (this.finished || spans === undefined) return;
    this.timeline.push(...batchSpans(worker, result.results, spans, performance.timeOrigin + this.start));
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
      const reason = `worker lost: ${String((error as Error)?.message ?? error)}`;
      this.results.reexecutions.push({ tx, reason, writer: -1 });
    }
    if (++this.lostBatches > (this.executor.options.maxLostBatches ?? DEFAULT_MAX_LOST_BATCHES)) {
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
    const mv = this.results.mv;
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
        const startMs = performance.now() - this.start;
        let decoded = this.decoded[tx];
        if (decoded === undefined) decoded = this.decoded[tx] = runner.decode(this.job.txs[tx], this.senders[tx]);
        const run = await runner.run(decoded, { read: (key) => mv.readOrThrow(key, tx) });
        const incarnation = this.results.nextIncarnation(tx);
        this.timeline.push({ tx, incarnation, worker: MAIN_THREAD, startMs, endMs: performance.now() - this.start });
        this.accept({ tx, incarnation, ...run }, MAIN_THREAD, 0);
        // The VM's awaits are microtasks: let the workers' answers (recovered senders) in.
        if (this.recoveries > 0 && performance.now() - yielded > 1) {
          await new Promise(setImmediate);
          yielded = performance.now();
        }
      } else if (scheduler.status[tx] !== EXECUTED) {
        break; // fetching its missing pre-state: the fetch resumes the block
      }
      this.results.advance();
    }
    this.onMainThread = false;
    if (scheduler.done) return void this.finish();
    if (scheduler.mode === "parallel") this.pump();
  }

  /**
   * Records one execution result in the log and in the block's results (which validate what it
   * affects), or fetches the pre-state it found missing. `packedWrites`: its write set as the
   * worker packed it (the log carries it so), if it has one.
   */
  private accept(r: TxResult, origin: number, generation: number, packedWrites?: PackedEntries): void {
    const tx = r.tx;
    if (r.missing !== undefined) return this.fetchMissing(tx, r.missing);
    this.senders[tx] = r.sender;
    for (const [hash, code] of r.newCode) this.job.codes.addKnown(hash, code);
    this.log.result(tx, packedWrites ?? this.setups.pack(r.writes), r.feeDelta, r.newCode, origin, generation);
    this.results.record(r);
  }

  private commit(): void {
    this.results.advance();
    if (this.scheduler.done) return void this.finish();
    this.pump();
  }

  private fetchMissing(tx: number, key: StateKey): void {
    this.scheduler.fetching(tx);
    this.results.reexecutions.push({ tx, reason: "missing pre-state", key, writer: -1 });
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
    this.results.rememberSerialClasses(this.executor.serialClassNames);
    try {
      const missing = this.results.creditedBalancesMissing();
      if (missing.length > 0) await fetchInto(this.job, missing);
      const txs = this.results.executed();
      const mv = this.results.mv;
      const post = await postState(this.job, txs, (key): StateValue => mv.readOrThrow(key, this.n));
      this.resolve({
        txs,
        post,
        wallMs: performance.now() - this.start,
        reexecutions: this.results.reexecutions,
        busyMs: this.executor.pool.slots.map((slot) => slot.busyMs),
        fellBack: this.scheduler.fellBack,
        serialTxs: this.serial?.serialTxCount() ?? 0,
        sendersRecovered: this.sendersRecovered,
        timeline: this.timeline,
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
