import type { StateKey } from "../capture/types.ts";
import type { BlockEnv, CodeStore, PreState, StateValue, TxRun } from "../evm/index.ts";
import type { TimelineSpan } from "./timeline-span.ts";

import { MissingStateError, balanceOf, fromCaptureValue } from "../evm/index.ts";

/** Fetches pre-state values (capture hex form) the executor found it needed but did not have. */
export type FetchMissing = (keys: StateKey[]) => Promise<Array<[StateKey, string]>>;

/** A block to execute: header, signed transactions in order, and the pre-state it starts from. */
export interface BlockJob {
  env: BlockEnv;
  /** Signed transactions (raw hex), in block order. */
  txs: string[];
  pre: PreState;
  codes: CodeStore;
  fetchMissing?: FetchMissing;
}

/** The final (committed) execution of one transaction. */
export type ExecutedTx = Omit<TxRun, "missing" | "newCode"> & {
  /** How many times the transaction was executed (1 = never re-executed). */
  incarnations: number;
};

/** Why a transaction was executed again. */
export interface Reexecution {
  tx: number;
  /** The key whose value it read changed (or "missing pre-state", "worker lost"). */
  reason: string;
  key?: StateKey;
  /** The lower transaction whose write invalidated the read (-1 when not known). */
  writer: number;
}

export interface BlockExecution {
  txs: ExecutedTx[];
  /** The value after the block of every key any transaction read or wrote, and the beneficiary's balance. */
  post: Map<StateKey, StateValue>;
  wallMs: number;
  reexecutions: Reexecution[];
  /** Busy milliseconds of each worker (one entry, the main thread, for the sequential executor). */
  busyMs: number[];
  /** True when the parallel executor gave up parallelism for (part of) the block. */
  fellBack: boolean;
  /** Parallel executor: transactions of serial call classes (run on one worker; stm/serial-classes.ts). */
  serialTxs?: number;
  /** Parallel executor: senders recovered ahead by idle workers (stm/sender-recovery.ts). */
  sendersRecovered?: number;
  /**
   * Every execution of a transaction, measured (timeline-span.ts), in the order the main thread got
   * their results (not sorted). Parallel executor: one span per execution whose result came back,
   * discarded ones included (missing pre-state, a batch the main thread took over); a lost batch's
   * have none. So a transaction has at least `incarnations` spans, whose incarnation numbers are
   * exactly 1..`incarnations`; with nothing discarded, exactly `incarnations`. Sequential executor:
   * one span per run on worker -1 (a run that found pre-state missing is one too), numbered
   * 1..`incarnations`.
   */
  timeline?: TimelineSpan[];
}

/** Fetches missing pre-state into the job (throws when the job has no way to fetch). */
export async function fetchInto(job: BlockJob, keys: StateKey[]): Promise<void> {
  if (job.fetchMissing === undefined) throw new MissingStateError(keys[0]);
  for (const [key, hex] of await job.fetchMissing(keys)) job.pre.set(key, fromCaptureValue(key, hex, job.codes));
}

/** The final value of every touched key (and the beneficiary's balance). */
export async function postState(
  job: BlockJob,
  txs: ExecutedTx[],
  finalValue: (key: StateKey) => StateValue,
): Promise<Map<StateKey, StateValue>> {
  const keys = new Set<StateKey>([balanceOf(job.env.beneficiary.toLowerCase())]);
  for (const tx of txs) {
    for (const key of tx.reads.keys()) keys.add(key);
    for (const key of tx.writes.keys()) keys.add(key);
  }
  const missing = [...keys].filter((key) => !job.pre.has(key) && !txs.some((tx) => tx.writes.has(key)));
  if (missing.length > 0) await fetchInto(job, missing);
  const post = new Map<StateKey, StateValue>();
  for (const key of keys) post.set(key, finalValue(key));
  return post;
}
