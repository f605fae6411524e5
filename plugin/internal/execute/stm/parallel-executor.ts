/**
 * The parallel executor: Block-STM-style optimistic concurrency over a pool of EVM workers.
 *
 * Algorithm
 * - The main thread owns the multi-version memory (MV: per key, the value each transaction's latest
 *   incarnation wrote), the scheduler and an append-only log of every change applied to the MV.
 *   Each worker holds a replica (pre-state + MV) that it brings up to date by replaying the log
 *   entries it has not seen, which travel with each task (encoded once for all workers,
 *   ../workers/encoded.ts); a worker runs a batch of transactions in index order, each reading the
 *   replica at its own index (the latest write of a lower transaction, else the pre-state), and
 *   records its results in its replica as it goes.
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
 * - Value credits to a contract: a transaction that sends ETH to a contract (a CALL or transaction
 *   with value, a SELFDESTRUCT beneficiary) without observing its balance (BALANCE, SELFBALANCE, a
 *   debit: ../../evm/balance-read-hooks.ts) does not read that balance either: the EVM's state view
 *   keeps the credit as a delta, written as `<address>:credit` (../../evm/tx-state-view.ts). The MV
 *   gives a reader of the balance the last explicit value plus the credits in between, as for the
 *   fee, so credit-only transactions never invalidate each other; the results turn each delta into
 *   the balance write (absoluteWrites) once the block is done.
 * - ethereumjs quirks: writes that end at the value first read are dropped (a zero-value CALL
 *   rewrites the callee's account; a reentrancy lock set and reset), so they are reads only.
 * - Contention: when too many executions are wasted, or a probe (the block's first results, or
 *   the first after parallel mode resumes) finds most results depending on a recent transaction,
 *   the scheduler falls back to sequential mode: no more batches go out and the main thread runs
 *   the transactions at the commit point itself, one by one, on its own VM reading the MV (no round
 *   trips, nothing wasted); each result is recorded, logged, validated and committed like a
 *   worker's. It does not wait for a batch in flight: it takes the batch over (with every other
 *   batch its worker holds); their results will be ignored, and the worker's next task restores
 *   those transactions' write sets in its replica to the MV's. Parallel mode resumes when the
 *   dependency rate drops (see scheduler.ts).
 * - Batches are sized to ~`targetBatchMs` of execution (measured per transaction; 4 ms, 12 ms while
 *   under 1% of executions are invalidated), and up to
 *   `pipelineDepth` batches are sent to a worker at a time, on a direct channel (../workers/worker-channel.ts):
 *   the next waits in the worker's inbox, so the worker never waits for the executor (whose
 *   turn-around is slow on a busy machine); the worker runs its batches in the order sent.
 * - Serial call classes: a call class (target contract and selector) whose executions keep being
 *   invalidated, or keep reading what a recent transaction wrote (a chain, e.g. deposits adding to
 *   one total; found in the probe that way, before any abort), becomes serial: its transactions then
 *   go to one worker only, its chain's, which runs them in index order, each on the previous one's
 *   writes. Classes that invalidated each other are one chain; independent chains go to different
 *   workers (the least loaded). When one of them must run again, the executed ones above it that
 *   read its writes run again with it, right behind it in the same batch (one round trip for the
 *   chain, not one per transaction). The executor remembers serial classes and their chains from
 *   block to block, until a block shows one is no chain any more. In parallel mode a dependency
 *   inside one chain is no contention; when one chain holds most of the block (80%), the main
 *   thread runs it instead (sequential mode).
 * - Sender recovery ahead: a worker with nothing to execute (sequential mode, or only other
 *   workers' chains left) recovers the senders of the next transactions not yet run (ECDSA, ~7% of
 *   a DeFi transaction); the main thread lets those answers in between its transactions, and a
 *   chain's worker gets each sender with its transaction.
 * - Missing pre-state: a transaction that reads a key nobody knows stops; the key is fetched
 *   (provider at the parent block), logged as pre-state, and the transaction is run again.
 * - Faults: a worker that exits, crashes, throws or exceeds the task timeout loses its batches: those
 *   transactions are handed out again and the replacement worker gets a full set-up.
 * - Files (stm/): this class (pool, main-thread VM; the options: parallel-options.ts), block-run.ts
 *   (one block: the steps above, through a BlockRunContext), block-results.ts (recording,
 *   validating and committing its results), and the data structures: scheduler.ts,
 *   multi-version-memory.ts, block-log.ts (the log), readers-index.ts, batches-in-flight.ts,
 *   serial-classes.ts (serial-owners.ts), sender-recovery.ts, block-setups.ts (what a worker starts
 *   a block with); worker-replica.ts (a worker's side; executor-worker.ts, its entry). The
 *   transport is ../workers/: worker-pool.ts (workerpool threads), worker-slot.ts (what the main
 *   thread knows of a worker), worker-channel.ts (tasks to one worker), worker-messages.ts,
 *   encoded.ts, key-table.ts (keys by index). The EVM is ../../evm/.

 * Invariants
 * 1. A transaction is in at most one batch in flight (or running on the main thread), so its
 *    incarnations reach the main thread in order, and each log entry for it replaces its previous
 *    write set. A batch taken over no longer holds its transactions; its results are dropped.
 * 2. The MV equals the fold of the log; a worker's replica equals the fold of the log prefix it
 *    received plus its own later results, which are also the next entries for their transactions
 *    (entries of one transaction reach it in order, by 1). Results of a batch taken over are not
 *    entries: the worker's next task, before it runs anything, replaces each of those write sets
 *    with the MV's current one for that transaction (then the fold again holds).
 * 3. Transaction i commits only when i-1 has committed and every read of i's latest execution
 *    equals the MV's value for that key at i. By induction every committed transaction saw exactly
 *    the state sequential execution gives it, so the result is identical to sequential execution.
 */
import type { ChainConfig } from "../../evm/index.ts";
import type { BlockExecution, BlockJob } from "../block-execution.ts";
import type { WorkerFaults } from "../workers/index.ts";
import type { BlockRunContext } from "./block-run-context.ts";
import type { ParallelOptions } from "./parallel-options.ts";

import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

import { EvmRunner } from "../../evm/index.ts";
import { workerEntry } from "../../worker-threads.ts";
import { ExecutorPool } from "../workers/index.ts";
import { BlockRun } from "./block-run.ts";

/** The worker entry next to this file: `.ts` when running from source, `.js` from dist/. */
const WORKER_FILE = fileURLToPath(workerEntry("executor-worker", import.meta.url));

/** The executor: what a block run uses of it is its BlockRunContext. */
export class ParallelExecutor implements BlockRunContext {
  readonly pool: ExecutorPool;
  readonly chain: ChainConfig;
  readonly options: ParallelOptions;
  /** CPUs of this machine (os.availableParallelism). */
  readonly cpus = availableParallelism();
  /** Call classes found serial in earlier blocks (serial-classes.ts): name to chain name. */
  readonly serialClassNames = new Map<string, string>();
  private blocks = 0;
  /** The block being executed. */
  private current: BlockRun | undefined;
  private mainRunner: Promise<EvmRunner> | undefined;

  constructor(workers: number, chain: ChainConfig, options: ParallelOptions = {}) {
    this.pool = new ExecutorPool(workers, WORKER_FILE, {
      taskTimeoutMs: options.taskTimeoutMs,
      onSettled: (blockId) => this.settled(blockId),
    });
    this.chain = chain;
    this.options = { ...options };
  }

  async execute(job: BlockJob): Promise<BlockExecution> {
    const run = (this.current = new BlockRun(this, job, ++this.blocks));
    try {
      return await run.run();
    } finally {
      if (this.current === run) this.current = undefined;
    }
  }

  /**
   * A worker answered a task. A task of an earlier block (one that committed without waiting for
   * it) frees a worker that the current block may have been waiting for: nothing else would pump
   * it, e.g. when all its transactions are of serial classes, which go to that worker only.
   */
  private settled(blockId: number): void {
    if (this.current !== undefined && this.current.blockId !== blockId) this.current.pump();
  }

  /** The main thread's own VM (sequential mode), created on first use. */
  mainThreadRunner(job: BlockJob): Promise<EvmRunner> {
    return (this.mainRunner ??= EvmRunner.create(this.chain, job.codes));
  }

  /** Arms a fault for the next block(s) (tests). */
  injectFault(faults: WorkerFaults): void {
    this.options.faults = faults;
  }

  async terminate(): Promise<void> {
    await this.pool.terminate();
  }
}
