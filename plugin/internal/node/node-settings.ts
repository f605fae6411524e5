import type { ParallelNodeConfig } from "../../type-extensions.ts";

import { availableParallelism } from "node:os";

import { ParallelError } from "../parallel-error.ts";
import { DEFAULT_MAX_BATCH } from "./batch-limit.ts";

/** `parallel-node`'s options as the task gets them (sentinels: not given on the command line). */
export interface NodeArgs {
  hostname?: string;
  /** -1: not given. */
  port: number;
  /** -1: not given (0 is valid: no timer). */
  blockTime: number;
  /** 0: not given. */
  blockSize: number;
  order?: string;
  /** 0: not given. */
  workers: number;
  out?: string;
  /** `--dashboard` (a flag: false when not given). */
  dashboard?: boolean;
  /** -1: not given. */
  dashboardPort?: number;
}

export interface NodeSettings {
  hostname: string;
  port: number;
  blockTime: number;
  blockSize: number;
  order: "fifo" | "priority";
  workers: number;
  out: string | undefined;
  /** Serve the live dashboard (./dashboard-server.ts) on `hostname`. */
  dashboard: boolean;
  /** The dashboard's port (0: any free port). */
  dashboardPort: number;
  /** The most requests a JSON-RPC batch may hold (batch-limit.ts). */
  maxBatch: number;
}

export const NODE_DEFAULTS = { hostname: "127.0.0.1", port: 8545, blockTime: 1000, blockSize: 500 } as const;

/**
 * The node's settings: each option from the command line, else `parallel.node` in the config, else
 * its default (workers: `parallel.workers`, else one per CPU). Bad values are one ParallelError.
 */
export function resolveNodeSettings(args: NodeArgs, config: ParallelNodeConfig, workers?: number): NodeSettings {
  const order = args.order ?? config.order ?? "priority";
  if (order !== "fifo" && order !== "priority") {
    throw new ParallelError(`--order must be fifo or priority, not "${order}"`);
  }
  const port = args.port >= 0 ? args.port : (config.port ?? NODE_DEFAULTS.port);
  if (!Number.isInteger(port) || port > 65535) throw new ParallelError(`--port must be 0–65535, not ${port}`);
  if (args.blockTime < -1) throw new ParallelError(`--block-time must be 0 (no timer) or more milliseconds`);
  if (args.blockSize < 0) throw new ParallelError(`--block-size must be a positive number of transactions`);
  if (args.workers < 0) throw new ParallelError(`--workers must be a positive number`);
  const hostname = args.hostname ?? config.hostname ?? NODE_DEFAULTS.hostname;
  if (hostname === "") throw new ParallelError("--hostname must not be empty");
  const dashboard = args.dashboard === true || config.dashboard === true;
  const dashboardPort = resolveDashboardPort(args.dashboardPort ?? -1, config.dashboardPort, port, dashboard);
  return {
    hostname,
    port,
    blockTime: args.blockTime >= 0 ? args.blockTime : (config.blockTime ?? NODE_DEFAULTS.blockTime),
    blockSize: args.blockSize > 0 ? args.blockSize : (config.blockSize ?? NODE_DEFAULTS.blockSize),
    order,
    workers: args.workers > 0 ? args.workers : (config.workers ?? workers ?? availableParallelism()),
    out: args.out ?? config.out,
    dashboard,
    dashboardPort,
    maxBatch: config.maxBatch ?? DEFAULT_MAX_BATCH,
  };
}

/** `--dashboard-port`, else `parallel.node.dashboardPort`, else the node's port + 1 (any free one when that is 0). */
function resolveDashboardPort(arg: number, config: number | undefined, port: number, on: boolean): number {
  if (arg < -1 || !Number.isInteger(arg) || arg > 65535) {
    throw new ParallelError(`--dashboard-port must be 0–65535 (0: any free port), not ${arg}`);
  }
  const dashboardPort = arg >= 0 ? arg : (config ?? (port === 0 ? 0 : port + 1));
  if (!on) return dashboardPort;
  if (dashboardPort > 65535) throw new ParallelError(`--port is ${port}: choose a --dashboard-port (0–65535)`);
  if (dashboardPort !== 0 && dashboardPort === port) {
    throw new ParallelError(`--dashboard-port must differ from --port (both are ${port})`);
  }
  return dashboardPort;
}
