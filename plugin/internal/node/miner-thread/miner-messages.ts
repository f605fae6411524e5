/**
 * What travels between parallel-node's main thread (MinerThread, miner-thread.ts) and its miner
 * thread (miner-worker.ts), on the worker's one port, in order: a note sent before a call is taken
 * before it.
 */
import type { CatalogEntry } from "../../capture/contract-catalog.ts";
import type { WorkerFaults } from "../../execute/index.ts";
import type { MempoolOrder } from "../../produce/index.ts";
import type { DashboardOptions } from "../dashboard-server.ts";

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

/** Test hooks: the execution choice forced, faults injected, the pool's budget of lost batches. */
export interface MinerControl {
  fixed?: "pool" | "sequential" | null;
  faults?: WorkerFaults;
  maxLostBatches?: number;
}

/** The calls the main thread makes, with their arguments. */
export interface MinerCalls {
  ready: [];
  mine: [];
  blocks: [];
  blockReport: [number: number];
  blockAccessList: [number: number];
  summary: [];
  /** The dashboard's data unless its ETag is `etag` (DashboardFeed). */
  dashboard: [options: DashboardOptions, etag: string | undefined];
  control: [control: MinerControl];
  liveWorkers: [];
  /** Ends the pool's workers; answers the session's summary, and its report when asked. */
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
  | { kind: "call"; id: number; method: MinerCall; args: unknown[] }
  | { kind: "note"; hash: string; raw?: string }
  | { kind: "invalidate" }
  | { kind: "timeChanged" }
  | { kind: "rpcReply"; id: number; result?: unknown; error?: RpcFailure };

export type FromMiner =
  | { kind: "reply"; id: number; result?: unknown; error?: string }
  | { kind: "rpc"; id: number; method: string; params?: unknown[] }
  | { kind: "opened"; id: number }
  | { kind: "line"; text: string };
