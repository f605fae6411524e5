import type { JsonReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { REPO_ROOT, linkRepoNodeModules, runHardhat, writeProject } from "../helpers/fixture-project.ts";
import { figures, mineBlock, rpc, spawnHardhat, startAnvil } from "../helpers/anvil-node.ts";

const BLOCKS = 8;

/** A proxy in front of anvil that holds every debug_traceBlockByNumber for `delayMs`, and counts them. */
async function startSlowProxy(target: string, delayMs: number) {
  const stats = { blockTraces: 0 };
  const server: Server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    if (body.includes('"debug_traceBlockByNumber"')) {
      stats.blockTraces++;
      await sleep(delayMs);
    }
    const answer = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
    response.setHeader("content-type", "application/json");
    response.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, stats, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("parallel-report --blocks --out: stopped half-way, then --resume", function () {
  this.timeout(300_000);
  let anvil: ChildProcess | undefined;
  let proxy: Awaited<ReturnType<typeof startSlowProxy>> | undefined;
  let dir: string;
  let range: string;

  before(async () => {
    const started = await startAnvil();
    anvil = started.anvil;
    proxy = await startSlowProxy(started.url, 400);
    const accounts = (await rpc(started.url, "eth_accounts")) as string[];
    const first = Number(await rpc(started.url, "eth_blockNumber")) + 1;
    for (let b = 0; b < BLOCKS; b++) {
      // 20 transfers a block, some to a shared recipient: dependencies through its balance.
      const txs = Array.from({ length: 20 }, (_, i) => ({
        from: accounts[i % 10],
        to: i % 4 === 0 ? `0x${"77".repeat(20)}` : `0x${(0x1000 + 20 * b + i).toString(16).padStart(40, "5")}`,
        value: "0x1",
      }));
      await mineBlock(started.url, txs);
    }
    range = `${first}..${first + BLOCKS - 1}`;
    dir = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "hardhat.config.ts": `import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatParallel],
  networks: {
    slow: { type: "http", url: "${proxy.url}" },
    direct: { type: "http", url: "${started.url}" },
  },
};
`,
    });
    linkRepoNodeModules(dir);
  });

  after(() => {
    anvil?.kill();
    proxy?.server.close();
    proxy?.server.closeAllConnections();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("Ctrl-C keeps what was traced (--out and <out>.blocks.jsonl); --resume fetches only the rest", async () => {
    const out = path.join(dir, "report.json");
    const traceFile = `${out}.blocks.jsonl`;
    const args = ["--network", "slow", "parallel-report", "--blocks", range, "--out", out, "--rpc-concurrency", "1"];
    const { child, done } = spawnHardhat(dir, [...args, "--no-compile"]);
    const lines = () => (existsSync(traceFile) ? readFileSync(traceFile, "utf8").split("\n").filter(Boolean) : []);
    let ended: { status: number; stderr: string } | undefined;
    void done.then((result) => (ended = result));
    while (lines().length < 3 && ended === undefined) await sleep(25); // the header and two blocks
    expect(ended, `the run ended before it was stopped: ${ended?.stderr}`).to.equal(undefined);
    child.kill("SIGINT");
    const stopped = await done;
    expect(stopped.status, stopped.stderr).to.equal(1);
    const traced = lines().length - 1;
    expect(traced).to.be.within(2, BLOCKS - 1);
    expect(stopped.stderr).to.include(
      `Error: interrupted after ${traced} of ${BLOCKS} blocks: run it again with --resume`,
    );
    const partial = (JSON.parse(readFileSync(out, "utf8")) as JsonReport).scenarios[0];
    expect(partial.blocks).to.have.length(traced);

    const before = proxy!.stats.blockTraces;
    // Not runHardhat: it would block this process, and the proxy with it.
    const resumed = await spawnHardhat(dir, [...args, "--resume", "--no-compile"]).done;
    expect(resumed.status, resumed.stderr).to.equal(0);
    expect(resumed.stderr).to.include(`slow: resuming: ${traced} blocks already traced`);
    expect(proxy!.stats.blockTraces - before).to.equal(3 * (BLOCKS - traced)); // three tracers a block
    expect(existsSync(traceFile)).to.equal(false);
    const whole = (JSON.parse(readFileSync(out, "utf8")) as JsonReport).scenarios[0];

    const fresh = runHardhat(dir, [
      "--network",
      "direct",
      "parallel-report",
      "--blocks",
      range,
      "--json",
      "--no-compile",
    ]);
    expect(fresh.status, fresh.stderr).to.equal(0);
    const direct = (JSON.parse(fresh.stdout) as JsonReport).scenarios[0];
    expect(whole.blocks.map((b) => b.number)).to.deep.equal(direct.blocks.map((b) => b.number));
    expect(figures(whole)).to.deep.equal(figures(direct));
    expect(whole.summary.dependentTransactions).to.be.greaterThan(0);
  });

  it("--resume without --out: one Error line, exit 1", () => {
    const args = ["--network", "direct", "parallel-report", "--blocks", range, "--resume", "--no-compile"];
    const run = runHardhat(dir, args);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include("Error: --resume continues a --blocks run that wrote --out");
  });
});
