import type { JsonReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT, SOLIDITY_CONFIG, linkRepoNodeModules, writeProject } from "../helpers/fixture-project.ts";
import { ANVIL, figures, freePort, rpc, runHardhatAsync, startNode } from "../helpers/anvil-node.ts";
import { startProxy } from "../helpers/rpc-proxy.ts";
import { HOT_COUNTER_SCENARIO } from "../helpers/hot-counter-scenario.ts";

/** anvil as geth --dev would be: its own block time, a base fee, and (behind the proxy) no evm_/anvil_ methods. */
async function startTimedAnvil(mining: string[]) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ["--port", String(port), "--silent", "--hardfork", "prague", ...mining];
  return { anvil: await startNode(ANVIL, args, url), url };
}

describe("parallel-report --network on a node that mines at its own block time (no evm_mine)", function () {
  this.timeout(300_000);
  const nodes: ChildProcess[] = [];
  const proxies: Array<Awaited<ReturnType<typeof startProxy>>> = [];
  let dir: string;
  let timedUrl: string;
  let timedProxy: Awaited<ReturnType<typeof startProxy>>;
  let stuckProxy: Awaited<ReturnType<typeof startProxy>>;

  before(async () => {
    const timed = await startTimedAnvil(["--block-time", "1"]);
    const stuck = await startTimedAnvil(["--no-mining"]);
    nodes.push(timed.anvil, stuck.anvil);
    timedUrl = timed.url;
    timedProxy = await startProxy(timed.url, "no-mine");
    stuckProxy = await startProxy(stuck.url, "no-mine");
    proxies.push(timedProxy, stuckProxy);
    dir = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "contracts/HotCounter.sol": readFileSync(path.join(REPO_ROOT, "contracts/HotCounter.sol"), "utf8"),
      "hot-counter.mjs": HOT_COUNTER_SCENARIO,
      "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  networks: {
    timed: { type: "http", url: "${timedProxy.url}" },
    direct: { type: "http", url: "${timed.url}" },
    stuck: { type: "http", url: "${stuckProxy.url}" },
  },
};
`,
    });
    linkRepoNodeModules(dir);
  });

  after(async () => {
    for (const node of nodes) node.kill();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const scenarioArgs = ["--scenario", "hot-counter.mjs", "--users", "8", "--transactions", "40", "--block-size", "20"];

  it("a scenario: funded from the node's account, mined in the node's blocks, figures = --blocks of those blocks", async () => {
    const out = path.join(dir, "timed.json");
    // Not runHardhat: it would block this process, and the proxy with it.
    const run = await runHardhatAsync(dir, ["--network", "timed", "parallel-report", ...scenarioArgs, "--out", out]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.include(`timed: the node at ${timedProxy.url} answers no evm_mine`);
    // Nothing was asked of the node that it lacks, beyond the probe and the funding fallback
    // (and Hardhat's own hardhat_metadata).
    const refused = [...timedProxy.stats.refused].filter((method) => method !== "hardhat_metadata");
    expect(refused.sort()).to.deep.equal(["anvil_setBalance", "evm_setAutomine", "hardhat_setBalance"]);
    const [scenario] = (JSON.parse(readFileSync(out, "utf8")) as JsonReport).scenarios;
    expect(scenario.summary.transactions).to.equal(40);
    const sizes = scenario.blocks.map((block) => block.transactions.length);
    expect(sizes.reduce((a, b) => a + b, 0)).to.equal(40);
    // Each block's first deposit reads no earlier write of the block; every later one does.
    expect(scenario.summary.dependentTransactions).to.equal(40 - sizes.length);
    for (const block of scenario.blocks) {
      const header = (await rpc(timedUrl, "eth_getBlockByNumber", ["0x" + block.number.toString(16), false])) as {
        transactions: string[];
      };
      expect(block.transactions.map((tx) => tx.hash)).to.deep.equal(header.transactions);
    }
    const numbers = scenario.blocks.map((block) => block.number);
    const range = `${Math.min(...numbers)}..${Math.max(...numbers)}`;
    const blocksOut = path.join(dir, "direct.json");
    const args = ["--network", "direct", "parallel-report", "--blocks", range, "--no-compile", "--out", blocksOut];
    const blocks = await runHardhatAsync(dir, args);
    expect(blocks.status, blocks.stderr).to.equal(0);
    const [again] = (JSON.parse(readFileSync(blocksOut, "utf8")) as JsonReport).scenarios;
    expect(figures(again)).to.deep.equal(figures(scenario));
  });

  it("a node that neither answers evm_mine nor mines on its own: one Error line after 30 s, exit 1", async () => {
    const run = await runHardhatAsync(dir, ["--network", "stuck", "parallel-report", ...scenarioArgs, "--no-compile"]);
    expect(run.status, run.stderr).to.equal(1);
    expect(run.stderr).to.match(
      /Error: \d+ transaction\(s\) sent to the node at .* were not mined within 30 s: it mined/,
    );
    expect(run.stderr).to.include("anvil --block-time 1");
  });
});
