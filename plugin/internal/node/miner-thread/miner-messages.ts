/**
 * What travels between parallel-node's main thread (MinerThread, miner-thread.ts), its miner
 * thread (miner-worker.ts) and the session thread (session-worker.ts) that the miner thread starts.
 * Each pair talks on one port, in order: a note posted before a call is taken before it, and a
 * block posted to the session before a read is in the read's answer.
 */
import type { CapturedBlock } from "../../capture/types.ts";
import type { CatalogEntry } from "../../capture/contract-catalog.ts";
import type { WorkerFaults } from "../../execute/index.ts";
import type { MempoolOrder } from "../../produce/index.ts";
import type { DashboardOptions } from "../dashboard-server.ts";
import type { MinedBlock } from "../mined-block.ts";
import type { CallMessage, ReplyMessage } from "./thread-calls.ts";

/** The miner thread's set-up (its workerData). */
export interface MinerInit {
  chain: { chainId: number; hardfork: string };
  catalog: CatalogEntry[];
  workers: number;
  order: MempoolOrder;
  /** A worker of the pool silent this long over one batch is hung, and is replaced. */
  taskTimeoutMs: number;
  color: boolean;
}

/** Test hooks: the execution choice forced, faults injected, the pool's budget of lost batches, a crash. */
export interface MinerControl {
  /** The miner thread throws an uncaught error with this message. */
  crash?: string;
  fixed?: "pool" | "sequential" | null;
  faults?: WorkerFaults;
  maxLostBatches?: number;
}

/** The session thread's set-up. */
export type SessionInit = Pick<MinerInit, "chain" | "catalog" | "workers" | "color">;

/** The session's reads, with their arguments (the miner thread passes them on to the session thread). */
export interface SessionCalls {
  blocks: [];
  blockReport: [number: number];
  blockAccessList: [number: number];
  summary: [];
  /** The dashboard's data unless its ETag is `etag` (DashboardFeed). */
  dashboard: [options: DashboardOptions, etag: string | undefined];
  /** The summary, and the report when asked: the session's last answer. */
  final: [report: boolean];
}

/** The calls the main thread makes, with their arguments. */
export interface MinerCalls extends Omit<SessionCalls, "final"> {
  ready: [];
  mine: [];
  control: [control: MinerControl];
  liveWorkers: [];
  /** Ends the pool's workers and the session thread; answers the session's summary, and its report when asked. */
  stop: [report: boolean];
}
export type MinerCall = keyof MinerCalls;

/** A JSON-RPC error as it crosses threads. */
export interface RpcFailure {
  code?: number;
  message: string;
  data?: unknown;
}

export type ToMiner =
  | CallMessage
  | { kind: "note"; hash: string; raw?: string }
  | { kind: "invalidate" }
  | { kind: "timeChanged" }
  | { kind: "rpcReply"; id: number; result?: unknown; error?: RpcFailure };

export type FromMiner =
  | ReplyMessage
  | { kind: "rpc"; id: number; method: string; params?: unknown[] }
  | { kind: "opened"; id: number }
  | { kind: "line"; text: string };

export type ToSession = CallMessage | { kind: "block"; block: CapturedBlock; mined: MinedBlock };
export type FromSession = ReplyMessage | { kind: "line"; text: string };
