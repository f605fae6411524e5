/** Worker entry: one WorkerReplica per worker thread, driven by the main thread's ExecutorPool. */
import workerpool from "workerpool";

import { WorkerReplica } from "./worker-replica.ts";

const replica = new WorkerReplica();

workerpool.worker({
  execute: (task) => replica.execute(task),
});
