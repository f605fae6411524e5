/**
 * The miner thread's entry: parallel-node's NodeMiner (its engine, the executor's pool, the checks
 * against EDR) runs here, off the thread that serves JSON-RPC. Every request to the node goes
 * through the main thread (PortProvider); lines are posted to it to print. Each block mined goes
 * to the session thread (session-worker.ts), which this thread starts; the main thread's reads of
 * the session pass through here, after the blocks posted before them (miner-messages.ts).
 */
import type {
  FromMiner,
  FromSession,
  MinerControl,
  MinerInit,
  SessionInit,
  ToMiner,
  ToSession,
} from "./miner-messages.ts";
import type { Handlers } from "./thread-calls.ts";

import { Worker, parentPort, workerData } from "node:worker_threads";

import { ParallelExecutor } from "../../execute/index.ts";
import { createPalette } from "../../report/ansi.ts";
import { THREAD_RESOURCE_LIMITS, workerEntry } from "../../worker-threads.ts";
import { NodeMiner } from "../node-miner.ts";
import { PortProvider } from "./port-provider.ts";
import { Calls, answerCall } from "./thread-calls.ts";

const SESSION_FILE = workerEntry("session-worker", import.meta.url);

const port = parentPort!;
const init = workerData as MinerInit;
const post = (message: FromMiner) => port.postMessage(message);
const print = (text: string) => post({ kind: "line", text });
const palette = createPalette(init.color);

const { chain, catalog, workers, color } = init;
const sessionThread = new Worker(SESSION_FILE, {
  resourceLimits: THREAD_RESOURCE_LIMITS,
  workerData: { chain, catalog, workers, color } satisfies SessionInit,
});
const toSession = (message: ToSession) => {
  if (!session.failed) sessionThread.postMessage(message);
};
const session = new Calls(toSession);
sessionThread.on("message", (message: FromSession) => {
  if (message.kind === "line") print(message.text);
  else session.settle(message);
});
sessionThread.on("error", (error) => {
  if (!session.failed) print(palette.red(`the session thread failed: ${error.message}`));
  session.fail(`the session thread failed: ${error.message}`);
});
sessionThread.on("exit", (code) => session.fail(`the session thread exited (code ${code})`));

const provider = new PortProvider(port);
const executor = new ParallelExecutor(workers, chain, { taskTimeoutMs: init.taskTimeoutMs });
const miner = new NodeMiner(
  provider,
  chain,
  executor,
  {
    onBlock: (block, mined) => toSession({ kind: "block", block, mined }),
    onLine: (line) => print(palette.yellow(line)),
  },
  init.order,
);

function control({ fixed, faults, maxLostBatches, crash }: MinerControl): void {
  if (crash !== undefined)
    setImmediate(() => {
      throw new Error(crash);
    });
  if (fixed !== undefined) miner.choice.fixed = fixed ?? undefined;
  if (faults !== undefined) executor.injectFault(faults);
  if (maxLostBatches !== undefined) executor.options.maxLostBatches = maxLostBatches;
}

const read =
  (method: string) =>
  (_: number, ...args: unknown[]) =>
    session.call(method, args);
const handlers: Handlers = {
  ready: () => session.call("summary").then(() => true),
  mine: (id) => miner.mine(() => post({ kind: "opened", id })),
  blocks: read("blocks"),
  blockReport: read("blockReport"),
  blockAccessList: read("blockAccessList"),
  summary: read("summary"),
  dashboard: read("dashboard"),
  control: (_, given: MinerControl) => control(given),
  liveWorkers: () => executor.pool.liveWorkers,
  stop: async (_, report: boolean) => {
    await executor.terminate();
    const last = await session.call("final", [report]);
    await sessionThread.terminate();
    return last;
  },
};

port.on("message", (message: ToMiner) => {
  switch (message.kind) {
    case "rpcReply":
      return provider.settle(message);
    case "note":
      return miner.noteSent(message.hash, message.raw);
    case "invalidate":
      return miner.invalidate();
    case "timeChanged":
      return miner.timeChanged();
    case "call":
      return void answerCall(message, handlers, post);
  }
});
