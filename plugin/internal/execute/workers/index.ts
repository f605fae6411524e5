/**
 * workers/: the transport between the main thread and the EVM worker threads: a fixed pool of
 * workers, each on a direct channel (worker-pool.ts, worker-channel.ts), what the main thread knows
 * of each worker (worker-slot.ts), the messages (worker-messages.ts) and how they travel cheaply: encoded once for
 * every worker (encoded.ts), state keys by index (key-table.ts). What a worker runs is the
 * Block-STM core's (../stm/executor-worker.ts); this folder knows nothing of the algorithm.
 */
export { ExecutorPool } from "./worker-pool.ts";
export type { WorkerSlot } from "./worker-slot.ts";
export type { ChannelReply, ChannelRequest } from "./worker-channel.ts";
export type {
  BatchResult,
  BatchTask,
  BlockSetup,
  BlockStart,
  LogEntry,
  PackedTxResult,
  RecoverTask,
  TxResult,
  WorkerFaults,
} from "./worker-messages.ts";
export type { Encoded } from "./encoded.ts";
export { decode, encode } from "./encoded.ts";
export type { PackedEntries } from "./key-table.ts";
export { KeyTable } from "./key-table.ts";
