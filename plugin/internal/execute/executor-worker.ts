/**
 * Worker entry: one WorkerReplica per worker thread, driven by the main thread's ExecutorPool.
 * Tasks may arrive before the previous one is done: they run one after another, in order.
 */
import { parentPort } from "node:worker_threads";

import type { BatchTask } from "./worker-messages.ts";

import { WorkerReplica } from "./worker-replica.ts";

const replica = new WorkerReplica();
let queue: Promise<void> = Promise.resolve();

parentPort!.on("message", ({ id, task }: { id: number; task: BatchTask }) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id, result: await replica.execute(task) });
    } catch (error) {
      parentPort!.postMessage({ id, error: String((error as Error)?.stack ?? error) });
    }
  });
});
