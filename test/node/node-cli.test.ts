/**
 * `npx hardhat parallel-node` as a user runs it: a child process serving Hardhat's HTTP and
 * WebSocket JSON-RPC server, in a fixture project with this repository's contracts
 * (bench/node-project.ts), on loopback only; the clients are bench/node-load.ts. Every wait is
 * bounded.
 */
import type { AddressInfo } from "node:net";
import type { RunningNode } from "../../bench/node-process.ts";

import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

import { runLoad } from "../../bench/node-load.ts";
import { startNode } from "../../bench/node-process.ts";
import { artifactsDir } from "../../bench/node-project.ts";
import { builtNodeProject } from "./built-node-project.ts";
import { expectCleanLoad } from "./load-checks.ts";
import { runHardhat } from "../helpers/fixture-project.ts";

async function post(url: string, body: string): Promise<any> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  return response.json();
}

const call = (url: string, method: string, params: unknown[] = [], id: number = 1) =>
  post(url, JSON.stringify({ jsonrpc: "2.0", id, method, params }));

/** `parallel_getSummary` once `ready` holds of it (asked every 100 ms, for at most 10 s). */
async function summaryWhen(url: string, ready: (summary: any) => boolean): Promise<any> {
  let summary = (await call(url, "parallel_getSummary")).result;
  for (let i = 0; i < 100 && !ready(summary); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    summary = (await call(url, "parallel_getSummary")).result;
  }
  return summary;
}

describe("parallel-node: Hardhat's node with parallel mining, as a user runs it", function () {
  this.timeout(600_000);
  let dir: string;

  before(function () {
    dir = builtNodeProject();
  });

  it("50 clients, 10,000 transactions over HTTP and WebSocket: all mined once, verified, balances as planned", async () => {
    const out = path.join(dir, "session.json");
    const node = await startNode(dir, ["parallel-node", "--port", "0", "--block-time", "500", "--out", out]);
    let stopped = false;
    try {
      const result = await runLoad(node.url, node.wsUrl, {
        clients: 50,
        transactions: 10_000,
        seed: 3,
        timeoutMs: 420_000,
        artifactsDir: artifactsDir(dir),
      });
      const sizes = await expectCleanLoad(result, 10_000);
      expect(10_000 / sizes.length, `block sizes ${sizes.join(", ")}`).to.be.at.least(20);

      // Receipts come once EDR has mined a block; the node counts it once it has checked it.
      const summary = await summaryWhen(node.url, (s) => s.transactions >= 10_000);
      expect(summary.mismatches).to.equal(0);
      expect(summary.unexecutedBlocks).to.equal(0);
      expect(summary.verifiedBlocks).to.equal(summary.blocks);
      expect(summary.transactions).to.be.at.least(10_000);
      // Sends keep coming while blocks are produced: the engine runs many before their block is.
      expect(summary.streamedTransactions).to.be.greaterThan(0);
      expect(summary.streamedTransactions).to.be.at.most(summary.transactions);

      const exit = await node.stop("SIGINT");
      stopped = true;
      expect(exit.killed, "the node did not exit after SIGINT").to.equal(false);
      expect(exit.code).to.equal(0);
      expect(exit.stdout).to.match(/parallel-node stopped \(SIGINT\): [\d,]+ blocks/);
      expect(exit.stdout).to.match(/^— 10 blocks, /m);
      expect(exit.stdout).to.not.match(/MISMATCH/);
      const report = JSON.parse(readFileSync(out, "utf8"));
      const [session] = report.scenarios;
      expect(session.scenario).to.equal("parallel-node");
      expect(session.mining.blocks).to.have.length(summary.blocks);
      expect(session.mining.blocks.every((block: any) => block.verified)).to.equal(true);
      expect(session.summary.transactions).to.equal(summary.transactions);
    } finally {
      if (!stopped) await node.stop("SIGKILL", 5_000);
    }
  });

  it("answers malformed JSON, unknown methods, wrong params and batches (too large too) with errors; keeps serving", async () => {
    const node = await startNode(dir, ["parallel-node", "--port", "0", "--block-time", "200"]);
    try {
      expect((await post(node.url, "{not json")).error.code).to.equal(-32700);
      expect((await call(node.url, "no_suchMethod")).error.code).to.be.a("number");
      expect((await call(node.url, "eth_getBalance", ["not an address"])).error.code).to.equal(-32602);
      expect((await call(node.url, "parallel_getBlockReport", [{}])).error.code).to.equal(-32602);
      expect((await call(node.url, "eth_createAccessList", [])).error.code).to.equal(-32602);
      expect((await call(node.url, "txpool_status", [1])).error.code).to.equal(-32602);
      const batch = Array.from({ length: 200 }, (_, id) =>
        id % 2 === 0 ? { jsonrpc: "2.0", id, method: "eth_blockNumber", params: [] } : { id, bad: true },
      );
      const answers = await post(node.url, JSON.stringify(batch));
      expect(answers).to.have.length(200);
      expect(answers.filter((answer: any) => answer.error !== undefined)).to.have.length(100);
      expect((await call(node.url, "eth_blockNumber")).result).to.match(/^0x/);
      // parallel.node.maxBatch (default 1000): a larger batch gets an error for every element, and
      // none of it reaches EDR; a batch at the limit is answered.
      const sends = (length: number) =>
        Array.from({ length }, (_, id) => ({ jsonrpc: "2.0", id, method: "eth_sendTransaction", params: [{}] }));
      const chainIds = (length: number) =>
        Array.from({ length }, (_, id) => ({ jsonrpc: "2.0", id, method: "eth_chainId", params: [] }));
      const tooLarge = await post(node.url, JSON.stringify(sends(1001)));
      expect(tooLarge).to.have.length(1001);
      expect(new Set(tooLarge.map((answer: any) => answer.error?.code))).to.deep.equal(new Set([-32600]));
      expect(tooLarge[1000].error.message).to.equal(
        "batch too large: 1001 requests, at most 1000 (parallel.node.maxBatch)",
      );
      expect(tooLarge.map((answer: any) => answer.id)).to.deep.equal([...Array(1001).keys()]);
      const atLimit = await post(node.url, JSON.stringify(chainIds(1000)));
      expect(atLimit.filter((answer: any) => answer.result === "0x7a69")).to.have.length(1000);
      // Batches sent together from many connections are each counted alone.
      const together = await Promise.all(
        Array.from({ length: 4 }, () => post(node.url, JSON.stringify(chainIds(600)))),
      );
      expect(together.flat().filter((answer: any) => answer.result === "0x7a69")).to.have.length(2400);
      expect((await call(node.url, "txpool_status")).result).to.deep.equal({ pending: "0x0", queued: "0x0" });

      // WebSocket: a malformed message gets an error; eth_subscribe sees the blocks the plugin mines.
      const ws = new WebSocket(node.wsUrl);
      const messages: any[] = [];
      ws.addEventListener("message", (event) => messages.push(JSON.parse(String(event.data))));
      await new Promise((resolve, reject) => {
        ws.addEventListener("open", resolve);
        ws.addEventListener("error", reject);
      });
      const until = async (what: () => boolean) => {
        for (let i = 0; i < 100 && !what(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(what(), JSON.stringify(messages)).to.equal(true);
      };
      ws.send("{oops");
      await until(() => messages.some((m) => m.error?.code === -32700));
      ws.send(JSON.stringify(chainIds(1001)));
      await until(() => messages.some((m) => Array.isArray(m) && m.length === 1001));
      expect(messages.find((m) => Array.isArray(m))!.every((answer: any) => answer.error?.code === -32600)).to.equal(
        true,
      );
      // Single messages sent one after the other without waiting are not a batch.
      for (let id = 100; id < 400; id++) ws.send(JSON.stringify({ jsonrpc: "2.0", id, method: "eth_chainId" }));
      await until(() => messages.filter((m) => m.id >= 100 && m.id < 400).length === 300);
      expect(messages.filter((m) => m.id >= 100 && m.id < 400 && m.result === "0x7a69")).to.have.length(300);
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: 7, method: "eth_subscribe", params: ["newHeads"] }));
      await until(() => messages.some((m) => m.id === 7 && typeof m.result === "string"));
      const [from] = (await call(node.url, "eth_accounts")).result;
      await call(node.url, "eth_sendTransaction", [{ from, to: from, value: "0x1" }]);
      await until(() => messages.some((m) => m.method === "eth_subscription"));
      ws.close();
      // The head arrives when EDR has mined the block; the block counts once it has been checked.
      const summary = await summaryWhen(node.url, (s) => s.blocks >= 1);
      expect(summary.blocks).to.equal(1);
      expect(summary.verifiedBlocks).to.equal(1);
    } finally {
      const exit = await node.stop("SIGTERM");
      expect(exit.code).to.equal(0);
      expect(exit.stdout).to.match(/parallel-node stopped \(SIGTERM\)/);
    }
  });

  it("a port already in use is one Error line and exit code 1", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const result = runHardhat(dir, ["parallel-node", "--port", String(port)]);
      expect(result.status).to.equal(1);
      expect(result.stderr.trim()).to.equal(
        `Error: port ${port} on 127.0.0.1 is already in use (stop what listens there, or choose another --port)`,
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it("bad options and config are one Error line and exit code 1, before anything starts", async () => {
    for (const [args, message] of [
      [["--order", "random"], 'Error: --order must be fifo or priority, not "random"'],
      [["--block-time", "-5"], /^Error HHE500: Invalid value "-5" for argument "blockTime" of type "INT"/],
      [["--hostname", "no-such-host.invalid"], /^Error: port 0 on no-such-host\.invalid cannot be listened on/],
      [["--out", "/proc/no/such/report.json"], /^Error: --out \/proc\/no\/such\/report\.json: cannot be created/],
    ] as const) {
      const result = runHardhat(dir, ["parallel-node", "--port", "0", ...args]);
      expect(result.status, args.join(" ")).to.equal(1);
      if (typeof message === "string") expect(result.stderr.trim()).to.equal(message);
      else expect(result.stderr.trim()).to.match(message);
      expect(existsSync("/proc/no")).to.equal(false);
    }
  });
});
