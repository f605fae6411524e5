/**
 * parallel-node's miner thread, seen from the main thread: a BlockMaker whose blocks are made by
 * the NodeMiner in a worker thread (miner-worker.ts), and the reads of its NodeSession. The main
 * thread keeps what must be there (Hardhat's server, the connection and its router, the block
 * timer) and answers the miner's requests to the node; the engine, the pool's scheduling, the
 * checks and the analysis of each block run beside it, so they no longer hold up the requests of
 * the node's clients.
 *
 * If the thread fails (an uncaught error, or it exits), one line says why, every call waiting and
 * every later read fails with that reason, and blocks are mined plainly by EDR from then on (the
 * devnet keeps working, unexecuted and unanalysed). The miner thread starts the session thread (session-worker.ts):
 * the analysis of one block runs beside the mining of the next.
 */
import type { BalJson } from "../../bal/index.ts";
import type { BlockAnalysis } from "../../analyze/types.ts";
import type { ScenarioReport } from "../../report/json-report-types.ts";
import type { Eip1193Provider } from "../../rpc/index.ts";
import type { BlockMaker } from "../../workload/block-producer.ts";
import type { DashboardOptions } from "../dashboard-server.ts";
import type { MinedBlock } from "../mined-block.ts";
import type { NodeSummary } from "../node-session.ts";
import type { FromMiner, MinerCall, MinerCalls, MinerControl, MinerInit, ToMiner } from "./miner-messages.ts";

import { Worker } from "node:worker_threads";

import { THREAD_RESOURCE_LIMITS, workerEntry } from "../../worker-threads.ts";
import { answerRequest } from "./port-provider.ts";
import { Calls } from "./thread-calls.ts";

const WORKER_FILE = workerEntry("miner-worker", import.meta.url);

/** The session as one scenario of the JSON report (NodeSession.report). */
export type NodeReport = ScenarioReport & { mining: { workers: number; blocks: MinedBlock[] } };

export class MinerThread implements BlockMaker {
  private readonly worker: Worker;
  private readonly provider: Eip1193Provider;
  private readonly calls = new Calls((message) => this.post(message));
  /** False once the thread has exited. */
  running = true;

  private constructor(provider: Eip1193Provider, init: MinerInit, print: (line: string) => void) {
    this.provider = provider;
    this.worker = new Worker(WORKER_FILE, { workerData: init, resourceLimits: THREAD_RESOURCE_LIMITS });
    // The node's server keeps the process alive; a forgotten thread does not.
    this.worker.unref();
    this.worker.on("message", (message: FromMiner) => this.received(message, print));
    const failed = (why: string) => {
      if (this.calls.failed) return;
      this.calls.fail(why);
      print(`${why}; blocks are mined plainly from now on`);
    };
    this.worker.on("error", (error) => failed(`the miner thread failed: ${error.message}`));
    this.worker.on("exit", (code) => {
      this.running = false;
      failed(`the miner thread exited (code ${code})`);
    });
  }

  /** Starts the thread; resolves once its miner and session are built. */
  static async start(provider: Eip1193Provider, init: MinerInit, print: (line: string) => void) {
    const thread = new MinerThread(provider, init, print);
    await thread.call("ready");
    return thread;
  }

  async mine(opened: () => void): Promise<number> {
    if (!this.calls.failed) return (await this.call("mine", [], opened)) as number;
    await this.provider.request({ method: "evm_mine" });
    opened();
    return 0;
  }

  noteSent(hash: string, raw?: string): void {
    this.post({ kind: "note", hash, raw });
  }

  invalidate(): void {
    this.post({ kind: "invalidate" });
  }

  timeChanged(): void {
    this.post({ kind: "timeChanged" });
  }

  blocks(): Promise<MinedBlock[]> {
    return this.call("blocks") as Promise<MinedBlock[]>;
  }

  blockReport(number: number): Promise<(BlockAnalysis & { mining: MinedBlock }) | null> {
    return this.call("blockReport", [number]) as Promise<(BlockAnalysis & { mining: MinedBlock }) | null>;
  }

  blockAccessList(number: number): Promise<BalJson | undefined> {
    return this.call("blockAccessList", [number]) as Promise<BalJson | undefined>;
  }

  summary(): Promise<NodeSummary> {
    return this.call("summary") as Promise<NodeSummary>;
  }

  /** The dashboard's data (`body` left out when its ETag is still `etag`). */
  dashboard(options: DashboardOptions, etag: string | undefined): Promise<{ etag: string; body?: Uint8Array }> {
    return this.call("dashboard", [options, etag]) as Promise<{ etag: string; body?: Uint8Array }>;
  }

  /** Test hooks (MinerControl). */
  async control(control: MinerControl): Promise<void> {
    await this.call("control", [control]);
  }

  liveWorkers(): Promise<number> {
    return this.call("liveWorkers") as Promise<number>;
  }

  /** Ends the pool's workers, then the thread; the session's summary, and its report when asked. */
  async stop(report: boolean): Promise<{ summary: NodeSummary; report?: NodeReport }> {
    const last = (await this.call("stop", [report])) as { summary: NodeSummary; report?: NodeReport };
    this.calls.fail("the miner thread was stopped");
    await this.worker.terminate();
    return last;
  }

  private call<M extends MinerCall>(method: M, args: MinerCalls[M] | [] = [], opened?: () => void): Promise<unknown> {
    return this.calls.call(method, args, opened);
  }

  private post(message: ToMiner): void {
    if (!this.calls.failed) this.worker.postMessage(message);
  }

  private received(message: FromMiner, print: (line: string) => void): void {
    switch (message.kind) {
      case "rpc":
        void answerRequest(this.provider, message).then((reply) => this.post(reply));
        return;
      case "line":
        return print(message.text);
      case "opened":
        return this.calls.noted(message.id);
      case "reply":
        return this.calls.settle(message);
    }
  }
}
