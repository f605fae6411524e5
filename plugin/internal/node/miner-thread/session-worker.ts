/**
 * The session thread's entry: parallel-node's NodeSession (each block's analysis, its EIP-7928
 * list, its line, the summary and the report) and the dashboard's data, beside the miner thread,
 * so that analysing a block never holds up the next one. Blocks come from the miner thread, which
 * also passes on the main thread's reads, in order (miner-messages.ts).
 */
import type { DashboardOptions } from "../dashboard-server.ts";
import type { FromSession, SessionInit, ToSession } from "./miner-messages.ts";
import type { Handlers } from "./thread-calls.ts";

import { parentPort, workerData } from "node:worker_threads";

import { createPalette } from "../../report/ansi.ts";
import { DashboardFeed } from "../dashboard-server.ts";
import { NodeSession } from "../node-session.ts";
import { answerCall } from "./thread-calls.ts";

const port = parentPort!;
const init = workerData as SessionInit;
const post = (message: FromSession) => port.postMessage(message);
const print = (text: string) => post({ kind: "line", text });
const palette = createPalette(init.color);
const session = new NodeSession(init.chain, init.catalog, { print, palette, workers: () => init.workers });
let feed: DashboardFeed | undefined;

const handlers: Handlers = {
  blocks: () => session.blocks,
  blockReport: (_, number: number) => session.blockReport(number),
  blockAccessList: (_, number: number) => session.blockAccessList(number),
  summary: () => session.summary(),
  dashboard: (_, options: DashboardOptions, etag: string | undefined) => {
    feed ??= new DashboardFeed(session, options);
    const body = feed.current();
    return feed.etag === etag ? { etag } : { etag: feed.etag, body };
  },
  final: (_, report: boolean) => ({ summary: session.summary(), report: report ? session.report() : undefined }),
};

port.on("message", (message: ToSession) => {
  if (message.kind === "block") session.added(message.block, message.mined);
  else void answerCall(message, handlers, post);
});
