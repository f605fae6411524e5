import type Pool from "workerpool/types/Pool.js";
import type { ChannelRequest } from "./worker-channel.ts";
import type { BatchResult, BatchTask, RecoverTask } from "./worker-messages.ts";
import type { WorkerSlot } from "./worker-slot.ts";

import workerpool from "workerpool";

import { WorkerChannel } from "./worker-channel.ts";
import { Slot } from "./worker-slot.ts";

/**
 * A fixed set of EVM workers, each running `workerFile` (the executor's worker entry). Each is a
 * one-worker `workerpool` pool (worker threads), so the executor addresses a given worker (its
 * replica holds the block's state); workerpool starts the worker and replaces one that exits,
 * crashes or is terminated. Tasks travel on a direct channel to
 * the worker (worker-channel.ts), which runs them in order: a slot may have several in flight, and
 * the next one waits in the worker's inbox. When a task fails (worker lost, timed out, or the task
 * threw), every other task in flight on that worker fails with it: they were built for the replica
 * that is gone. The slot then forgets its replica (the next task carries a full set-up).
 * The pool owns the slots (worker-slot.ts); the executor sees them as WorkerSlots.
 */
export class ExecutorPool {
  readonly slots: readonly WorkerSlot[];
  private readonly states: Slot[];
  private readonly pools: Pool[];
  private readonly channels: WorkerChannel[];

  /** Called when a task is answered or lost, with its block: its worker may take more work. */
  private readonly onSettled: ((blockId: number) => void) | undefined;

  constructor(
    size: number,
    workerFile: string,
    options: { taskTimeoutMs?: number; onSettled?: (blockId: number) => void } = {},
  ) {
    const taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
    this.onSettled = options.onSettled;
    this.states = [];
    this.slots = this.states;
    this.pools = [];
    this.channels = [];
    for (let index = 0; index < size; index++) {
      this.states.push(new Slot(index));
      const pool = workerpool.pool(workerFile, { maxWorkers: 1, minWorkers: 1, workerType: "thread" });
      this.pools.push(pool);
      this.channels.push(new WorkerChannel(pool, taskTimeoutMs));
    }
  }

  get size(): number {
    return this.slots.length;
  }

  async run(slot: WorkerSlot, task: BatchTask): Promise<BatchResult> {
    const result = (await this.send(slot, "execute", task, task.blockId)) as BatchResult;
    this.states[slot.index].addBusy(result.busyMs);
    return result;
  }

  /** Recovers the senders of `task.raws` on `slot`'s worker, for block `blockId`. */
  async recoverSenders(slot: WorkerSlot, task: RecoverTask, blockId: number): Promise<Array<string | undefined>> {
    return (await this.send(slot, "recoverSenders", task, blockId)) as Array<string | undefined>;
  }

  private async send(
    { index }: WorkerSlot,
    method: ChannelRequest["method"],
    task: BatchTask | RecoverTask,
    blockId: number,
  ): Promise<unknown> {
    const slot = this.states[index];
    slot.taskSent();
    try {
      return await this.channels[index].send(method, task);
    } catch (error) {
      slot.lost();
      throw error;
    } finally {
      slot.taskSettled();
      this.onSettled?.(blockId);
    }
  }

  resetBusy(): void {
    for (const slot of this.states) slot.resetBusy();
  }

  /** Worker threads alive now (0 once terminated). */
  get liveWorkers(): number {
    return this.pools.reduce((sum, pool) => sum + pool.stats().totalWorkers, 0);
  }

  async terminate(): Promise<void> {
    for (const channel of this.channels) channel.close("executor terminated");
    await Promise.all(this.pools.map((pool) => pool.terminate(true)));
  }
}
