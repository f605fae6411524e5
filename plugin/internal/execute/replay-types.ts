/**
 * What `parallel-report --execute` measured: each captured block re-executed sequentially and on
 * the worker pool, timed, and checked against the capture (EDR) and against each other.
 * Plain JSON-serialisable objects: they go into the JSON report as a scenario's `execution`.
 */
import type { Mismatch } from "./capture-check.ts";

export type { Mismatch } from "./capture-check.ts";

/** Why transactions ran again, by kind ("read invalidated", "missing pre-state", "worker lost"). */
export type ReexecutionReasons = Record<string, number>;

/** One captured block, replayed. */
export interface BlockReplay {
  number: number;
  transactions: number;
  /** Wall time of the timed sequential run (one VM on the main thread). */
  sequentialMs: number;
  /** Wall time of the timed run on the pool. */
  parallelMs: number;
  /** sequentialMs / parallelMs (1 when parallelMs is 0). */
  speedup: number;
  /** Predicted S_k for k = workers (list scheduling of the block's dependency DAG), null when unknown. */
  predictedSpeedup: number | null;
  /** Executions beyond the first, in the timed parallel run. */
  reexecutions: number;
  /** Distinct transactions executed more than once in the timed parallel run. */
  reexecutedTransactions: number;
  reasons: ReexecutionReasons;
  /** The scheduler gave up parallelism for (part of) the block. */
  fellBack: boolean;
  /** Busy milliseconds of each worker in the timed parallel run. */
  busyMs: number[];
  /** Every difference found: parallel vs capture, sequential vs capture, parallel vs sequential. */
  mismatches: Mismatch[];
}

/** Sums over a scenario's blocks. */
export interface ReplayTotals {
  blocks: number;
  transactions: number;
  sequentialMs: number;
  parallelMs: number;
  /** Σ sequentialMs / Σ parallelMs (1 when Σ parallelMs is 0). */
  speedup: number;
  /** Σ totalGas / Σ makespan_k over the blocks, k = workers; null when unknown. */
  predictedSpeedup: number | null;
  reexecutions: number;
  reexecutedTransactions: number;
  reasons: ReexecutionReasons;
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
