/** What parallel-node records of each block it mined (the `mining` part of its JSON report). */
export interface MinedBlock {
  number: number;
  hash: string;
  transactions: number;
  gasUsed: number;
  /** Where the block ran before EDR mined it; "none" when it could not be executed (see `note`). */
  ranOn: "pool" | "sequential" | "none";
  /** Wall milliseconds of that run. */
  executionMs: number | null;
  /** The sequential run of the same block: measured on a sample of blocks (README, "parallel-node"). */
  sequentialMs: number | null;
  /** sequentialMs / executionMs, when both are known (1 for a block that ran sequentially). */
  speedup: number | null;
  /**
   * Transactions the engine had run while they arrived (produce/block-stream.ts), before the block
   * was produced: the rest ran once it was.
   */
  streamed: number;
  /** Executions of transactions beyond the first (the pool's re-executions). */
  reexecutions: number;
  /** Batches lost with a worker that crashed, hung or threw (it was replaced; they ran again). */
  workersLost: number;
  /** The pool's scheduler gave up parallelism for (part of) the block. */
  fellBack: boolean;
  /** The execution was checked against EDR's block (receipts) and the engine's capture (keys). */
  verified: boolean;
  /** Every difference found, one line each ("MISMATCH block …"): never hidden. */
  mismatches: string[];
  /** Why the block was not executed or not checked, when it was not. */
  note?: string;
}

/** The pool against sequential execution, summed over the blocks that measured both. */
export function averageSpeedup(blocks: readonly MinedBlock[]): number | null {
  let sequential = 0;
  let executed = 0;
  for (const block of blocks) {
    if (block.sequentialMs === null || block.executionMs === null) continue;
    sequential += block.sequentialMs;
    executed += block.executionMs;
  }
  return executed > 0 ? sequential / executed : null;
}
