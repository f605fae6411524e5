/**
 * What `parallel-report --execute` measured: each captured block re-executed sequentially and on
 * the worker pool, timed, and checked against the capture (EDR) and against each other.
 * Plain JSON-serialisable objects: they go into the JSON report as a scenario's `execution`.
 */
import type { Mismatch } from "./capture-check.ts";

export type { Mismatch } from "./capture-check.ts";

/** Why transactions ran again, by kind ("read invalidated", "missing pre-state", "worker lost"). */
export type ReexecutionReasons = Record<string, number>;

/**
 * One execution of one transaction in the timed parallel run (execute/timeline-span.ts), compact:
 * `worker` is the worker's index (0-based) or -1 for the main thread; times are ms since the start
 * of the block run, to the microsecond. `incarnation` is 1-based (> 1: a re-execution); a
 * discarded execution (missing pre-state, a batch the main thread took over) repeats the number.
 */
export type TimelineTuple = [tx: number, incarnation: number, worker: number, startMs: number, endMs: number];

/** What a replay measured, for one block or summed over a scenario's blocks. */
interface ReplayFigures {
  transactions: number;
  /** Wall time of the median timed sequential run (one VM on the main thread); summed in totals. */
  sequentialMs: number;
  /** Wall time of the median timed run on the pool; summed in totals. */
  parallelMs: number;
  /** sequentialMs / parallelMs (1 when parallelMs is 0). */
  speedup: number;
  /**
   * Predicted S_k for k = workers: totalGas / makespan_k of list scheduling the dependency DAG(s);
   * null when unknown.
   */
  predictedSpeedup: number | null;
  /** Executions beyond the first, in that parallel run (those runs). */
  reexecutions: number;
  /** Transactions executed more than once in that parallel run (those runs). */
  reexecutedTransactions: number;
  reasons: ReexecutionReasons;
}

/** One captured block, replayed. */
export interface BlockReplay extends ReplayFigures {
  number: number;
  /** The scheduler gave up parallelism for (part of) the block: the main thread ran transactions. */
  fellBack: boolean;
  /** Busy milliseconds of each worker in the timed parallel run. */
  busyMs: number[];
  /** Every execution of that run, by start time (absent when the run failed). */
  timeline?: TimelineTuple[];
  /** Every difference found: parallel vs capture, sequential vs capture, parallel vs sequential. */
  mismatches: Mismatch[];
}

/** Sums over a scenario's blocks (ratios are ratios of the sums). */
export interface ReplayTotals extends ReplayFigures {
  blocks: number;
  /** Blocks where the scheduler fell back to sequential mode (the main thread ran the transactions). */
  fellBackBlocks: number;
  mismatches: number;
}

/** A scenario's `execution` in the JSON report (present only when the replay ran). */
export interface ScenarioExecution {
  workers: number;
  blocks: BlockReplay[];
  totals: ReplayTotals;
}
