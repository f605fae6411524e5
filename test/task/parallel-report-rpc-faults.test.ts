import type { JsonReport, ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT, SOLIDITY_CONFIG, linkRepoNodeModules, writeProject } from "../helpers/fixture-project.ts";
import { figures, mineBlock, receiptOf, rpc, runHardhatAsync, startAnvil } from "../helpers/anvil-node.ts";
import { startProxy } from "../helpers/rpc-proxy.ts";
import { HOT_COUNTER_SCENARIO } from "../helpers/hot-counter-scenario.ts";

describe("parallel-report --network: retries, --rpc-concurrency, the debug_traceTransaction fallback", function () {
  this.timeout(600_000);
  let anvil: ChildProcess | undefined;
  let anvilUrl: string;
  let dir: string;
  const proxies: Record<string, Awaited<ReturnType<typeof startProxy>>> = {};
  let range: string;

  before(async () => {
    ({ anvil, url: anvilUrl } = await startAnvil());
    for (const fault of ["no-block-tracer", "no-debug", "flaky", "down"] as const) {
      proxies[fault] = await startProxy(anvilUrl, fault);
    }
    const networks = Object.entries(proxies).map(([name, proxy]) => `"${name}": { type: "http", url: "${proxy.url}" }`);
    dir = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "contracts/HotCounter.sol": readFileSync(path.join(REPO_ROOT, "contracts/HotCounter.sol"), "utf8"),
      "hot-counter.mjs": HOT_COUNTER_SCENARIO,
      "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  networks: { anvil: { type: "http", url: "${anvilUrl}" }, ${networks.join(", ")} },
};
`,
    });
    linkRepoNodeModules(dir);
    // The blocks: deposits into one HotCounter (a chain of dependencies), ETH transfers between
    // disjoint accounts (none) and from one sender (nonce), over 12 blocks.
    const accounts = (await rpc(anvilUrl, "eth_accounts")) as string[];
    const artifact = path.join(REPO_ROOT, "artifacts/contracts/HotCounter.sol/HotCounter.json");
    const { bytecode } = JSON.parse(readFileSync(artifact, "utf8")) as { bytecode: string };
    const deployed = await rpc(anvilUrl, "eth_sendTransaction", [
      { from: accounts[0], data: bytecode, gas: "0x1000000" },
    ]);
    const counter = (await receiptOf(anvilUrl, deployed as string)).contractAddress as string;
    let first = 0;
    let last = 0;
    for (let b = 0; b < 12; b++) {
      const txs = [
        ...accounts.slice(0, 4).map((from) => ({ from, to: counter, data: "0xd0e30db0", gas: "0x100000" })),
        ...accounts.slice(4, 8).map((from, i) => ({
          from,
          to: `0x${"42".repeat(19)}${(b * 10 + i).toString(16).padStart(2, "0")}`,
          value: "0x1",
        })),
        { from: accounts[9], to: `0x${"43".repeat(19)}0${b % 10}`, value: "0x2" },
        { from: accounts[9], to: `0x${"44".repeat(19)}0${b % 10}`, value: "0x3" },
      ];
      last = await mineBlock(anvilUrl, txs);
      if (b === 0) first = last;
    }
    range = `${first}..${last}`;
  });

  after(async () => {
    anvil?.kill();
    await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** `--blocks` of the blocks mined above on `network`, its JSON report (--out) and its output. */
  const blocksReport = async (network: string, extra: string[] = []) => {
    const out = path.join(dir, `blocks-${network}.json`);
    const args = ["--network", network, "parallel-report", "--blocks", range, "--out", out, ...extra];
    const run = await runHardhatAsync(dir, args);
    expect(run.status, run.stderr).to.equal(0);
    const [scenario] = (JSON.parse(readFileSync(out, "utf8")) as JsonReport).scenarios;
    return { scenario, run };
  };
  let direct: ScenarioReport;

  it("--blocks straight from anvil: the baseline", async () => {
    ({ scenario: direct } = await blocksReport("anvil"));
    expect(direct.summary.transactions).to.equal(12 * 10);
    expect(direct.summary.conflictRate).to.be.greaterThan(0);
    expect(direct.hotspots.length).to.be.greaterThan(0);
  });

  it("a node without debug_traceBlockByNumber: the same figures through debug_traceTransaction, one line", async () => {
    const { scenario, run } = await blocksReport("no-block-tracer", ["--no-compile"]);
    expect(figures(scenario)).to.deep.equal(figures(direct));
    const line =
      "no-block-tracer: the node has no debug_traceBlockByNumber; " +
      "tracing each transaction with debug_traceTransaction (slower)";
    expect(run.stderr.split("\n").filter((l) => l.includes("debug_traceBlockByNumber"))).to.deep.equal([line]);
    expect(proxies["no-block-tracer"].stats.refused.has("debug_traceBlockByNumber")).to.equal(true);
  });

  it("a node that fails one request in ten (503, dropped connection): nothing lost, exit 0", async () => {
    const { scenario, run } = await blocksReport("flaky", ["--no-compile", "--rpc-concurrency", "3"]);
    expect(proxies.flaky.stats.faults).to.be.greaterThan(4);
    expect(figures(scenario)).to.deep.equal(figures(direct));
    expect(run.stderr).not.to.include("Error");
  });

  it("a scenario on a node without debug_traceBlockByNumber: the same figures as on anvil, one line", async () => {
    const scenario = ["--scenario", path.join(dir, "hot-counter.mjs"), "--users", "8", "--transactions", "24"];
    const args = [...scenario, "--block-size", "8", "--json", "--no-compile"];
    const onAnvil = await runHardhatAsync(dir, ["--network", "anvil", "parallel-report", ...args]);
    expect(onAnvil.status, onAnvil.stderr).to.equal(0);
    const fallback = await runHardhatAsync(dir, ["--network", "no-block-tracer", "parallel-report", ...args]);
    expect(fallback.status, fallback.stderr).to.equal(0);
    const [a] = (JSON.parse(onAnvil.stdout) as JsonReport).scenarios;
    const [b] = (JSON.parse(fallback.stdout) as JsonReport).scenarios;
    expect(figures(b)).to.deep.equal(figures(a));
    // Three blocks of 8 deposits: 7 dependent in each.
    expect(b.summary.dependentTransactions).to.equal(21);
    const lines = fallback.stderr.split("\n").filter((l) => l.includes("has no debug_traceBlockByNumber"));
    expect(lines).to.have.length(1);
  });

  it("a node with neither debug_traceBlockByNumber nor debug_traceTransaction: one Error line, exit 1", async () => {
    const run = await runHardhatAsync(dir, ["--network", "no-debug", "parallel-report", "--blocks", range]);
    expect(run.status).to.equal(1);
    const errors = run.stderr.split("\n").filter((l) => l.startsWith("Error"));
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(
      /^Error: no-debug: the node answers neither debug_traceBlockByNumber nor debug_traceTransaction .*use a node/,
    );
  });

  it("a request that still fails after the retries: one Error line naming the method and the block", async () => {
    const run = await runHardhatAsync(dir, ["--network", "down", "parallel-report", "--blocks", range]);
    expect(run.status).to.equal(1);
    const errors = run.stderr.split("\n").filter((l) => l.startsWith("Error"));
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^Error: down: debug_traceBlockByNumber for block \d+ failed 5 times \(the last: /);
  });

  for (const value of ["0", "abc"]) {
    it(`--rpc-concurrency ${value}: one Error line, exit 1`, async () => {
      const run = await runHardhatAsync(dir, ["parallel-report", "--rpc-concurrency", value, "--no-compile"]);
      expect(run.status).to.equal(1);
      const errors = (run.stdout + run.stderr).split("\n").filter((l) => l.includes("Error"));
      expect(errors).to.deep.equal([`Error: --rpc-concurrency must be a positive integer (got "${value}")`]);
    });
  }
});
