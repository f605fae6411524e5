import type { WorkerFaults } from "../workers/index.ts";

/** Lost batches after which a block run gives up (ParallelOptions.maxLostBatches). */
export const DEFAULT_MAX_LOST_BATCHES = 8;

/** The parallel executor's settings (parallel-executor.ts); each block run reads them (block-run.ts). */
export interface ParallelOptions {
  /** Target execution time of one batch (default: 4 ms, 12 ms while under 1% of executions are invalidated). */
  targetBatchMs?: number;
  /** A batch whose worker takes longer than this is abandoned and its worker replaced (default 60 s). */
  taskTimeoutMs?: number;
  /** Test hooks: make a worker exit or hang once, at a given transaction. */
  faults?: WorkerFaults;
  /** Batches a worker may hold at once: it starts the next without waiting for a round trip (default 2). */
  pipelineDepth?: number;
  /** Route call classes that keep conflicting to one worker (serial-classes.ts; default true). */
  serialClasses?: boolean;
  /**
   * A block whose longest chain of serial classes known from earlier blocks holds this share of its
   * transactions starts in sequential mode, on the main thread (default 0.8; above 1: never).
   */
  sequentialChainShare?: number;
  /** Give up after this many lost batches in one block (default 8). */
  maxLostBatches?: number;
}
