/**
 * Worker entry: one WorkerReplica per worker thread, driven by the main thread's ExecutorPool
 * through workerpool (one task at a time, in the order sent).
 */
import workerpool from "workerpool";

import { WorkerReplica } from "./worker-replica.ts";

const replica = new WorkerReplica();

workerpool.worker({
  execute: (task) => replica.execute(task),
  recoverSenders: (task) => replica.recoverSenders(task),
});
