import type Pool from "workerpool/types/Pool.js";

import { MessageChannel, type MessagePort } from "node:worker_threads";

/** A task on a worker's channel, and its answer (in the order sent: the worker runs them one by one). */
export interface ChannelRequest {
  id: number;
  method: "execute" | "recoverSenders";
  task: unknown;
}

export interface ChannelReply {
  id: number;
  result?: unknown;
  error?: string;
}

interface Pending {
  id: number;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/**
 * A direct line to one worker, so that its next task already waits in its inbox when it finishes
 * one. workerpool hands a worker one task at a time: the worker sat idle for every round trip
 * (~0.5–2 ms on 2 busy CPUs, 10–15% of a block's wall time in batches of 4–12 ms).
 *
 * workerpool still owns the thread: the channel is a long-running workerpool task (`serve`) that
 * receives a MessagePort; tasks and answers travel on that port. When the worker exits or crashes,
 * the `serve` task fails; when the oldest unanswered task runs past the timeout (its timer starts
 * when the worker starts it: when the task before it is answered), the channel cancels `serve`,
 * which terminates the worker. Either way every unanswered task fails, and the next task opens a
 * new channel on a new worker. A task that throws fails the channel the same way: the tasks after
 * it were built for the replica it left behind.
 */
export class WorkerChannel {
  private readonly pool: Pool;
  private readonly timeoutMs: number;
  private port: MessagePort | undefined;
  private serving: ReturnType<Pool["exec"]> | undefined;
  private readonly unanswered: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextId = 0;

  constructor(pool: Pool, timeoutMs: number) {
    this.pool = pool;
    this.timeoutMs = timeoutMs;
  }

  send(method: ChannelRequest["method"], task: unknown): Promise<unknown> {
    const port = this.open();
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.unanswered.push({ id, resolve, reject });
      port.postMessage({ id, method, task } satisfies ChannelRequest);
      if (this.unanswered.length === 1) this.startTimer();
    });
  }

  /** Fails every unanswered task and lets the worker go (the pool terminates it). */
  close(reason: string): void {
    if (this.port !== undefined) this.fail(this.port, new Error(reason));
  }

  private open(): MessagePort {
    if (this.port !== undefined) return this.port;
    const { port1, port2 } = new MessageChannel();
    port1.on("message", (reply: ChannelReply) => this.answer(port1, reply));
    port1.unref(); // the worker thread keeps the process alive, as before
    this.port = port1;
    const serving = this.pool.exec("serve", [port2], { transfer: [port2] });
    this.serving = serving;
    serving.then(
      () => this.fail(port1, new Error("worker stopped serving")),
      (error: unknown) => this.fail(port1, error instanceof Error ? error : new Error(String(error))),
    );
    return port1;
  }

  private answer(port: MessagePort, reply: ChannelReply): void {
    if (port !== this.port) return;
    const head = this.unanswered.shift();
    clearTimeout(this.timer);
    if (head === undefined || head.id !== reply.id) {
      if (head !== undefined) this.unanswered.unshift(head);
      return this.kill(port, new Error(`internal error: worker answered task ${reply.id} out of order`));
    }
    if (reply.error !== undefined) {
      head.reject(new Error(reply.error));
      return this.kill(port, new Error(`cancelled after an earlier task failed: ${reply.error}`));
    }
    if (this.unanswered.length > 0) this.startTimer();
    head.resolve(reply.result);
  }

  private startTimer(): void {
    const port = this.port!;
    const timedOut = () => this.kill(port, new Error(`task timed out after ${this.timeoutMs} ms`));
    this.timer = setTimeout(timedOut, this.timeoutMs);
  }

  /** Fails the channel and terminates its worker. */
  private kill(port: MessagePort, error: Error): void {
    const serving = this.serving;
    this.fail(port, error);
    serving?.cancel();
  }

  private fail(port: MessagePort, error: Error): void {
    if (port !== this.port) return;
    this.port = undefined;
    this.serving = undefined;
    clearTimeout(this.timer);
    port.close();
    for (const pending of this.unanswered.splice(0)) pending.reject(error);
  }
}
