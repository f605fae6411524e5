import type Pool from "workerpool/types/Pool.js";
import type { BatchResult, BatchTask } from "./worker-messages.ts";

import { fileURLToPath } from "node:url";

import workerpool from "workerpool";

/** The worker entry next to this file: `.ts` when running from source, `.js` from dist/. */
const WORKER_FILE = fileURLToPath(
  new URL(`./executor-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
);

/** What the executor remembers about one worker's replica. */
export interface WorkerSlot {
  index: number;
  /** The block its replica holds (-1: none, e.g. after the worker was replaced). */
  blockId: number;
  /** How many log entries of that block it has. */
  seq: number;
  /** Code hashes it has. */
  codes: Set<string>;
  busy: boolean;
  /** Milliseconds spent executing, since the last `resetBusy`. */
  busyMs: number;
}

/**
 * A fixed set of EVM workers. Each is a one-worker `workerpool` pool, so the executor addresses a
 * given worker (its replica holds the block's state); workerpool starts, times out and replaces
 * the worker thread. A task that fails (the worker exited, crashed or timed out) rejects, and the
 * slot forgets its replica so the next task carries a full set-up.
 */
export class ExecutorPool {
  readonly slots: WorkerSlot[];
  private readonly pools: Pool[];
  private readonly taskTimeoutMs: number;

  constructor(size: number, options: { taskTimeoutMs?: number } = {}) {
    this.taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
    this.pools = [];
    this.slots = [];
    for (let index = 0; index < size; index++) {
      this.pools.push(workerpool.pool(WORKER_FILE, { maxWorkers: 1, minWorkers: 1, workerType: "thread" }));
      this.slots.push({ index, blockId: -1, seq: 0, codes: new Set(), busy: false, busyMs: 0 });
    }
  }

  get size(): number {
    return this.slots.length;
  }

  async run(slot: WorkerSlot, task: BatchTask): Promise<BatchResult> {
    slot.busy = true;
    try {
      const result = (await this.pools[slot.index].exec("execute", [task]).timeout(this.taskTimeoutMs)) as BatchResult;
      slot.busyMs += result.busyMs;
      return result;
    } catch (error) {
      slot.blockId = -1;
      slot.seq = 0;
      slot.codes.clear();
      throw error;
    } finally {
      slot.busy = false;
    }
  }

  resetBusy(): void {
    for (const slot of this.slots) slot.busyMs = 0;
  }

  async terminate(): Promise<void> {
    await Promise.all(this.pools.map((pool) => pool.terminate(true)));
  }
}
