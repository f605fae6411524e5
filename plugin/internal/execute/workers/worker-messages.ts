import type { StateKey } from "../../capture/types.ts";
import type { Encoded } from "./encoded.ts";
import type { BlockEnv, ChainConfig, StateValue, TxRun } from "../../evm/index.ts";
import type { PackedEntries } from "./key-table.ts";

/**
 * One published change to the multi-version memory, in the order the main thread applied it:
 * a transaction's new write set and fee delta, or pre-state fetched during the block.
 * Workers replay the log to keep their replica equal to the main thread's memory. A result names
 * the worker (`origin`, -1: the main thread) and its generation that computed it: that worker's
 * replica holds it already and skips it.
 */
export type LogEntry =
  | {
      tx: number;
      writes: PackedEntries;
      feeDelta: bigint;
      codes?: Array<[string, Uint8Array]>;
      origin: number;
      generation: number;
    }
  | { pre: Array<[StateKey, StateValue]>; codes?: Array<[string, Uint8Array]> };

/** The block as every worker starts it, encoded once. */
export interface BlockStart {
  chain: ChainConfig;
  env: BlockEnv;
  txs: string[];
  pre: Array<[StateKey, StateValue]>;
}

/** What a worker needs to start a block (sent when its replica is not at this block). */
export interface BlockSetup {
  block: Encoded<BlockStart>;
  /** Code the worker does not have yet. */
  codes: Array<[string, Uint8Array]>;
}

/** Test hooks: make the worker exit, hang or throw when it starts `tx`. */
export interface WorkerFaults {
  exitOnTx?: number;
  hangOnTx?: number;
  throwOnTx?: number;
}

export interface BatchTask {
  blockId: number;
  setup?: BlockSetup;
  /** The receiving worker: it skips the log's results it computed in this generation. */
  worker: { index: number; generation: number };
  /** Index in the block's log of the first entry of `log`. */
  fromSeq: number;
  /** The log from `fromSeq` on, in chunks each encoded once for all workers. */
  log: Array<Encoded<LogEntry[]>>;
  /**
   * Write sets, as the main thread's memory has them now, of transactions whose results from this
   * worker the main thread dropped (it took their batch over): applied after `log`, they undo those
   * results in the replica.
   */
  restore?: Array<{ tx: number; writes: Map<StateKey, StateValue>; feeDelta: bigint }>;
  items: Array<{ tx: number; incarnation: number; sender?: string }>;
  faults?: WorkerFaults;
}

/** One execution of one transaction. */
export type TxResult = TxRun & { tx: number; incarnation: number };

/** A TxResult as it travels back from a worker: read and write sets packed (key-table.ts). */
export type PackedTxResult = Omit<TxResult, "reads" | "writes"> & { reads: PackedEntries; writes: PackedEntries };

export interface BatchResult {
  /** The worker's replica was not where the task expected: resend with a setup. */
  needSync?: boolean;
  results: PackedTxResult[];
  busyMs: number;
  /**
   * When each result's execution started and ended, epoch ms (`performance.timeOrigin +
   * performance.now()`): [start0, end0, start1, end1, …], aligned with `results`.
   */
  spans?: number[];
}

/** Sender recovery for transactions the main thread will run itself (see ../stm/sender-recovery.ts). */
export interface RecoverTask {
  chain: ChainConfig;
  /** Signed transactions (hex). */
  raws: string[];
}
