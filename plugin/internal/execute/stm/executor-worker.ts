/**
 * Worker entry: one WorkerReplica per worker thread. The main thread's ExecutorPool starts a
 * long-running `serve` task through workerpool with a MessagePort, then sends tasks on that port
 * (../workers/worker-channel.ts); they run one at a time, in the order sent.
 */
import type { MessagePort } from "node:worker_threads";
import type { ChannelReply, ChannelRequest } from "../workers/index.ts";

import workerpool from "workerpool";

import { WorkerReplica } from "./worker-replica.ts";

const replica = new WorkerReplica();

async function run(request: ChannelRequest): Promise<unknown> {
  if (request.method === "execute") return replica.execute(request.task as Parameters<WorkerReplica["execute"]>[0]);
  return replica.recoverSenders(request.task as Parameters<WorkerReplica["recoverSenders"]>[0]);
}

/** Runs the tasks arriving on `port` in order; never resolves (the pool terminates the worker). */
function serve(port: MessagePort): Promise<never> {
  let previous: Promise<void> = Promise.resolve();
  port.on("message", (request: ChannelRequest) => {
    previous = previous.then(async () => {
      let reply: ChannelReply;
      try {
        reply = { id: request.id, result: await run(request) };
      } catch (error) {
        reply = { id: request.id, error: String((error as Error)?.message ?? error) };
      }
      port.postMessage(reply);
    });
  });
  return new Promise(() => {});
}

workerpool.worker({ serve });
