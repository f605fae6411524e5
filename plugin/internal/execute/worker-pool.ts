import type { BatchResult, BatchTask } from "./worker-messages.ts";

import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

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

interface Pending {
  resolve(result: BatchResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** One worker thread and the tasks it has been sent, by id. */
interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * A fixed set of EVM worker threads, each addressed directly (its replica holds the block's state).
 * A worker may be sent several tasks before it answers the first (pipelining: it starts the next
 * batch without waiting for a round trip); it runs them in order. A worker that exits, crashes or
 * runs past the task timeout is terminated: all its pending tasks reject, the slot forgets its
 * replica (so the next task carries a full set-up) and a new worker starts on the next task.
 */
export class ExecutorPool {
  readonly slots: WorkerSlot[];
  private readonly threads: Array<Thread | undefined>;
  private readonly taskTimeoutMs: number;
  private nextId = 0;

  constructor(size: number, options: { taskTimeoutMs?: number } = {}) {
    this.taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
    this.slots = [];
    this.threads = [];
    for (let index = 0; index < size; index++) {
      this.slots.push({ index, blockId: -1, seq: 0, codes: new Set(), inFlight: 0, busyMs: 0 });
      this.threads.push(this.spawn(index));
    }
  }

  get size(): number {
    return this.slots.length;
  }

  run(slot: WorkerSlot, task: BatchTask): Promise<BatchResult> {
    const thread = (this.threads[slot.index] ??= this.spawn(slot.index));
    const id = this.nextId++;
    slot.inFlight++;
    return new Promise<BatchResult>((resolve, reject) => {
      const timer = setTimeout(
        () => this.kill(slot.index, thread, new Error(`worker task timed out after ${this.taskTimeoutMs} ms`)),
        this.taskTimeoutMs,
      );
      thread.pending.set(id, {
        resolve: (result) => {
          slot.inFlight--;
          slot.busyMs += result.busyMs;
          resolve(result);
        },
        reject: (error) => {
          slot.inFlight--;
          reject(error);
        },
        timer,
      });
      thread.worker.postMessage({ id, task });
    });
  }

  resetBusy(): void {
    for (const slot of this.slots) slot.busyMs = 0;
  }

  async terminate(): Promise<void> {
    const threads = this.threads.splice(0, this.threads.length);
    await Promise.all(
      threads.map(async (thread, index) => {
        if (thread === undefined) return;
        this.fail(index, thread, new Error("worker pool terminated"));
        await thread.worker.terminate();
      }),
    );
  }

  private spawn(index: number): Thread {
    const worker = new Worker(WORKER_FILE);
    const thread: Thread = { worker, pending: new Map() };
    worker.on("message", (message: { id: number; result?: BatchResult; error?: string }) => {
      const pending = thread.pending.get(message.id);
      if (pending === undefined) return;
      thread.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.result !== undefined) pending.resolve(message.result);
      else pending.reject(new Error(`worker task failed: ${message.error}`));
    });
    worker.on("error", (error) => this.kill(index, thread, new Error(`worker error: ${error.message}`)));
    worker.on("exit", (exitCode) =>
      this.fail(index, thread, new Error(`worker terminated unexpectedly\n    exitCode: \`${exitCode}\``)),
    );
    return thread;
  }

  /** Terminates a worker that misbehaved and fails its tasks. */
  private kill(index: number, thread: Thread, error: Error): void {
    this.fail(index, thread, error);
    void thread.worker.terminate();
  }

  /** Fails every pending task of a worker that is gone; the slot's next task starts a new one. */
  private fail(index: number, thread: Thread, error: Error): void {
    if (this.threads[index] === thread) {
      this.threads[index] = undefined;
      const slot = this.slots[index];
      slot.blockId = -1;
      slot.seq = 0;
      slot.codes.clear();
    }
    const pending = [...thread.pending.values()];
    thread.pending.clear();
    for (const task of pending) {
      clearTimeout(task.timer);
      task.reject(error);
    }
  }
}
