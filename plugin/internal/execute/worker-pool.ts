import type Pool from "workerpool/types/Pool.js";
import type { BatchResult, BatchTask, RecoverTask } from "./worker-messages.ts";

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
  /** Tasks sent and not answered yet (the worker runs them in order). */
  inFlight: number;
  /** Milliseconds spent executing, since the last `resetBusy`. */
  busyMs: number;
}

/** A task sent to a worker: workerpool's promise, which can be cancelled. */
type Sent = ReturnType<Pool["exec"]>;

/**
 * A fixed set of EVM workers. Each is a one-worker `workerpool` pool (worker threads), so the
 * executor addresses a given worker (its replica holds the block's state); workerpool starts the
 * worker, times tasks out (the timer starts when the worker starts the task) and replaces a worker
 * that exits, crashes or times out. A slot may have several tasks in flight: the pool queues them
 * and sends each to its one worker as soon as the worker answers the previous one, in order.
 * When a task fails, the slot forgets its replica (the next task carries a full set-up) and its
 * other tasks are cancelled: they were built for the replica that is gone.
 */
export class ExecutorPool {
  readonly slots: WorkerSlot[];
  private readonly pools: Pool[];
  private readonly sent: Array<Set<Sent>>;
  private readonly taskTimeoutMs: number;

  /** Called when a task is answered or lost, with its block: its worker may take more work. */
  private readonly onSettled: ((blockId: number) => void) | undefined;

  constructor(size: number, options: { taskTimeoutMs?: number; onSettled?: (blockId: number) => void } = {}) {
    this.taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
    this.onSettled = options.onSettled;
    this.slots = [];
    this.pools = [];
    this.sent = [];
    for (let index = 0; index < size; index++) {
      this.slots.push({ index, blockId: -1, seq: 0, codes: new Set(), inFlight: 0, busyMs: 0 });
      this.pools.push(workerpool.pool(WORKER_FILE, { maxWorkers: 1, minWorkers: 1, workerType: "thread" }));
      this.sent.push(new Set());
    }
  }

  get size(): number {
    return this.slots.length;
  }

  async run(slot: WorkerSlot, task: BatchTask): Promise<BatchResult> {
    const result = (await this.send(slot, "execute", task, task.blockId)) as BatchResult;
    slot.busyMs += result.busyMs;
    return result;
  }

  /** Recovers the senders of `task.raws` on `slot`'s worker, for block `blockId`. */
  async recoverSenders(slot: WorkerSlot, task: RecoverTask, blockId: number): Promise<Array<string | undefined>> {
    return (await this.send(slot, "recoverSenders", task, blockId)) as Array<string | undefined>;
  }

  private async send(slot: WorkerSlot, method: string, task: BatchTask | RecoverTask, blockId: number): Promise<unknown> {
    const sent = this.pools[slot.index].exec(method, [task]).timeout(this.taskTimeoutMs);
    const inFlight = this.sent[slot.index];
    inFlight.add(sent);
    slot.inFlight++;
    try {
      return await sent;
    } catch (error) {
      slot.blockId = -1;
      slot.seq = 0;
      slot.codes.clear();
      for (const other of inFlight) if (other !== sent) other.cancel();
      throw error;
    } finally {
      inFlight.delete(sent);
      slot.inFlight--;
      this.onSettled?.(blockId);
    }
  }

  resetBusy(): void {
    for (const slot of this.slots) slot.busyMs = 0;
  }

  async terminate(): Promise<void> {
    await Promise.all(this.pools.map((pool) => pool.terminate(true)));
  }
}
