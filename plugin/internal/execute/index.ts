/**
 * execute/: running a block's transactions. What an executor is given and returns
 * (block-execution.ts), the sequential executor (the baseline: sequential-executor.ts) and the
 * parallel one (stm/: the Block-STM core; workers/: its worker threads). The engine is ../evm/.
 */
export type { BlockExecution, BlockJob, ExecutedTx, FetchMissing, Reexecution } from "./block-execution.ts";
export type { TimelineSpan } from "./timeline-span.ts";
export { SequentialExecutor } from "./sequential-executor.ts";
export { ParallelExecutor } from "./stm/index.ts";
export { DEFAULT_MAX_LOST_BATCHES, type ParallelOptions } from "./stm/index.ts";
export type { WorkerFaults } from "./workers/index.ts";
