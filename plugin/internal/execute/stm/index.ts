/**
 * stm/: the Block-STM core. The parallel executor (parallel-executor.ts: the algorithm, its
 * invariants and every file's part), one block's run (block-run.ts, block-results.ts) and its data
 * structures; and the worker's side, the replica each worker keeps of the block (worker-replica.ts,
 * started by executor-worker.ts). The worker threads and what travels to them are ../workers/.
 */
export { ParallelExecutor } from "./parallel-executor.ts";
export { DEFAULT_MAX_LOST_BATCHES, type ParallelOptions } from "./parallel-options.ts";
