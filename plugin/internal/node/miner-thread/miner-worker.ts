/**
 * The miner thread's entry: parallel-node's NodeMiner (its engine, the executor's pool, the checks
 * against EDR) and NodeSession (each block's analysis and line) run here, off the thread that
 * serves JSON-RPC. Every request to the node goes through the main thread (PortProvider); lines
 * are posted to it to print. Calls are answered in the order they come (miner-messages.ts).
 */
import type { DashboardOptions } from "../dashboard-server.ts";
import type { FromMiner, MinerCall, MinerControl, MinerInit, ToMiner } from "./miner-messages.ts";

import { parentPort, workerData } from "node:worker_threads";

import { ParallelExecutor } from "../../execute/index.ts";
import { createPalette } from "../../report/ansi.ts";
import { DashboardFeed } from "../dashboard-server.ts";
import { NodeMiner } from "../node-miner.ts";
import { NodeSession } from "../node-session.ts";
import { PortProvider } from "./port-provider.ts";

const port = parentPort!;
const init = workerData as MinerInit;
const post = (message: FromMiner) => port.postMessage(message);
const print = (text: string) => post({ kind: "line", text });
const palette = createPalette(init.color);
const provider = new PortProvider(port);
const executor = new ParallelExecutor(init.workers, init.chain, { taskTimeoutMs: init.taskTimeoutMs });
const session = new NodeSession(init.chain, init.catalog, { print, palette, workers: () => init.workers });
const miner = new NodeMiner(
  provider,
  init.chain,
  executor,
  { onBlock: (block, mined) => session.added(block, mined), onLine: (line) => print(palette.yellow(line)) },
  init.order,
);
let feed: DashboardFeed | undefined;

function control({ fixed, faults, maxLostBatches }: MinerControl): void {
  if (fixed !== undefined) miner.choice.fixed = fixed ?? undefined;
  if (faults !== undefined) executor.injectFault(faults);
  if (maxLostBatches !== undefined) executor.options.maxLostBatches = maxLostBatches;
}

function dashboard(options: DashboardOptions, etag: string | undefined) {
  feed ??= new DashboardFeed(session, options);
  const body = feed.current();
  return feed.etag === etag ? { etag } : { etag: feed.etag, body };
}

const calls: Record<MinerCall, (id: number, ...args: any[]) => unknown> = {
  ready: () => true,
  mine: (id) => miner.mine(() => post({ kind: "opened", id })),
  blocks: () => session.blocks,
  blockReport: (_, number: number) => session.blockReport(number),
  blockAccessList: (_, number: number) => session.blockAccessList(number),
  summary: () => session.summary(),
  dashboard: (_, options: DashboardOptions, etag: string | undefined) => dashboard(options, etag),
  control: (_, given: MinerControl) => control(given),
  liveWorkers: () => executor.pool.liveWorkers,
  stop: async (_, report: boolean) => {
    await executor.terminate();
    return { summary: session.summary(), report: report ? session.report() : undefined };
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
      void (async () => {
        try {
          post({ kind: "reply", id: message.id, result: await calls[message.method](message.id, ...message.args) });
        } catch (error) {
          post({ kind: "reply", id: message.id, error: (error as Error)?.message ?? String(error) });
        }
      })();
  }
});
