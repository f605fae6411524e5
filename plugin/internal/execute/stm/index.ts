/**
 * stm/: the Block-STM core. The parallel executor (parallel-executor.ts: the algorithm and its
 * invariants), one block's run (block-run.ts) and its data structures; and the worker's side, the
 * replica each worker keeps of the block (worker-replica.ts, started by executor-worker.ts).
 */
export { ParallelExecutor } from "./parallel-executor.ts";
export type { ParallelOptions } from "./parallel-executor.ts";
