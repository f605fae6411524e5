import type { JsonReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { captureBlocks } from "../../plugin/internal/capture/capture-blocks.ts";
import {
  REPO_ROOT,
  SOLIDITY_CONFIG,
  linkRepoNodeModules,
  runHardhat,
  writeProject,
} from "../helpers/fixture-project.ts";
import { ANVIL, anvilArgs, figures, freePort, rpc, startNode } from "../helpers/anvil-node.ts";
import { HOT_COUNTER_SCENARIO } from "../helpers/hot-counter-scenario.ts";

/** Transfers between disjoint pairs: no dependency. */
const TRANSFERS = `export default {
  name: "erc20-transfers",
  description: "independent ERC20 transfers",
  async setup(ctx) {
    const token = await ctx.ethers.deployContract("Token", ["Test USD", "TUSD"], ctx.deployer);
    await token.waitForDeployment();
    await (await token.mintBatch(ctx.users.map((u) => u.address), 10n ** 20n)).wait();
    return { token };
  },
  async run(ctx, { token }) {
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      const to = "0x" + (0x1000 + i).toString(16).padStart(40, "7");
      await token.connect(ctx.users[i % ctx.users.length]).transfer(to, 10n ** 18n, ctx.tx);
    }
  },
};
`;

const DEAF_NODE = `import { createServer } from "node:http";
const known = { eth_chainId: "0x7a69", evm_setAutomine: true };
createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    const { id, method } = JSON.parse(body);
    const error = { code: -32601, message: "Method not found: " + method };
    response.setHeader("content-type", "application/json");
    const reply = method in known ? { jsonrpc: "2.0", id, result: known[method] } : { jsonrpc: "2.0", id, error };
    response.end(JSON.stringify(reply));
  });
}).listen(Number(process.argv[1]), "127.0.0.1");
`;

function config(networks: string): string {
  return `import { createRequire } from "node:module";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  networks: ${networks},
};
`;
}

describe("parallel-report --network (a node over HTTP: anvil)", function () {
  this.timeout(300_000);
  let anvil: ChildProcess | undefined;
  let deaf: ChildProcess | undefined;
  let dir: string;
  let anvilUrl: string;
  let deafUrl: string;

  before(async () => {
    anvilUrl = `http://127.0.0.1:${await freePort()}`;
    anvil = await startNode(ANVIL, anvilArgs(new URL(anvilUrl).port), anvilUrl);
    // A node that answers eth_chainId and evm_setAutomine and nothing else: a child process, since
    // runHardhat blocks this one.
    deafUrl = `http://127.0.0.1:${await freePort()}`;
    deaf = await startNode(process.execPath, ["--input-type=module", "-e", DEAF_NODE, new URL(deafUrl).port], deafUrl);
    dir = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "contracts/HotCounter.sol": readFileSync(path.join(REPO_ROOT, "contracts/HotCounter.sol"), "utf8"),
      "contracts/Token.sol": readFileSync(path.join(REPO_ROOT, "contracts/Token.sol"), "utf8"),
      "hot-counter.mjs": HOT_COUNTER_SCENARIO,
      "erc20-transfers.mjs": TRANSFERS,
      "hardhat.config.ts": config(
        `{ anvil: { type: "http", url: "${anvilUrl}" }, deaf: { type: "http", url: "${deafUrl}" } }`,
      ),
    });
    linkRepoNodeModules(dir);
  });

  after(() => {
    anvil?.kill();
    deaf?.kill();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const report = (network: string[]): JsonReport => {
    const scenarios = ["hot-counter.mjs", "erc20-transfers.mjs"].map((file) => path.join(dir, file)).join(",");
    const sizes = ["--users", "20", "--transactions", "40", "--block-size", "20"];
    const run = runHardhat(dir, [...network, "parallel-report", "--scenario", scenarios, ...sizes, "--json"]);
    expect(run.status, run.stderr).to.equal(0);
    return JSON.parse(run.stdout) as JsonReport;
  };

  let onAnvil: JsonReport;

  it("the same figures on anvil as on the in-process network", () => {
    const inProcess = report([]);
    onAnvil = report(["--network", "anvil"]);
    expect(onAnvil.scenarios.map((s) => s.scenario)).to.deep.equal(["hot-counter", "erc20-transfers"]);
    for (const [i, scenario] of onAnvil.scenarios.entries()) {
      expect(figures(scenario)).to.deep.equal(figures(inProcess.scenarios[i]));
      expect(scenario.capture?.mode).to.equal("trace");
    }
    const hot = onAnvil.scenarios[0];
    expect(hot.summary.transactions).to.equal(40);
    expect(hot.summary.dependentTransactions).to.equal(38);
    expect(onAnvil.scenarios[1].summary.conflictRate).to.equal(0);
  });

  it("--blocks --execute: the node's blocks replayed with pre-state from the node, every receipt checked", () => {
    const hot = onAnvil.scenarios[0];
    const numbers = hot.blocks.map((block) => block.number);
    const range = `${Math.min(...numbers)}..${Math.max(...numbers)}`;
    const args = ["--network", "anvil", "parallel-report", "--blocks", range, "--workers", "2", "--rounds", "1"];
    const run = runHardhat(dir, [...args, "--json", "--no-compile"]);
    expect(run.status, run.stderr).to.equal(0);
    const [scenario] = (JSON.parse(run.stdout) as JsonReport).scenarios;
    expect(figures(scenario)).to.deep.equal(figures(hot));
    const execution = scenario.execution!;
    expect(execution.workers).to.equal(2);
    expect(execution.blocks.map((block) => block.number)).to.deep.equal(numbers);
    expect(execution.blocks.map((block) => block.transactions)).to.deep.equal(
      hot.blocks.map((b) => b.transactions.length),
    );
    expect(execution.blocks.flatMap((block) => block.mismatches)).to.deep.equal([]);
  });

  it("three debug_traceBlockByNumber calls a block capture what debug_traceTransaction does", async () => {
    const methods: string[] = [];
    const provider = {
      request: async ({ method, params }: { method: string; params?: unknown[] }) => {
        methods.push(method);
        return rpc(anvilUrl, method, params);
      },
    };
    const [a, b] = (await rpc(anvilUrl, "eth_accounts")) as string[];
    await rpc(anvilUrl, "evm_setAutomine", [false]);
    await rpc(anvilUrl, "eth_sendTransaction", [{ from: a, to: b, value: "0x1" }]);
    await rpc(anvilUrl, "eth_sendTransaction", [{ from: b, to: a, value: "0x2" }]);
    await rpc(anvilUrl, "evm_mine");
    await rpc(anvilUrl, "evm_setAutomine", [true]);
    const number = Number(await rpc(anvilUrl, "eth_blockNumber"));
    const byBlock = await captureBlocks(provider, number, number, undefined, true);
    expect(methods.filter((m) => m === "debug_traceBlockByNumber")).to.have.length(3);
    expect(methods).not.to.include("debug_traceTransaction");
    expect(byBlock[0].transactions).to.have.length(2);
    expect(byBlock).to.deep.equal(await captureBlocks(provider, number, number));
  });

  it("--blocks <from>..<to>: blocks already on the node, analysed as a scenario named after the network", async () => {
    const accounts = (await rpc(anvilUrl, "eth_accounts")) as string[];
    await rpc(anvilUrl, "evm_setAutomine", [false]);
    const from = Number(await rpc(anvilUrl, "eth_blockNumber")) + 1;
    for (const [i, sender] of accounts.slice(0, 3).entries()) {
      await rpc(anvilUrl, "eth_sendTransaction", [{ from: sender, to: `0x${"42".repeat(19)}0${i}`, value: "0x1" }]);
    }
    await rpc(anvilUrl, "evm_mine");
    // Two transfers from one sender: the second depends on the first (nonce, balance).
    for (const to of ["0x4200000000000000000000000000000000000001", "0x4200000000000000000000000000000000000002"]) {
      await rpc(anvilUrl, "eth_sendTransaction", [{ from: accounts[5], to, value: "0x1" }]);
    }
    await rpc(anvilUrl, "evm_mine");
    await rpc(anvilUrl, "evm_setAutomine", [true]);
    const args = [
      "--network",
      "anvil",
      "parallel-report",
      "--blocks",
      `${from}..${from + 1}`,
      "--json",
      "--no-compile",
    ];
    const run = runHardhat(dir, args);
    expect(run.status, run.stderr).to.equal(0);
    const [scenario] = (JSON.parse(run.stdout) as JsonReport).scenarios;
    expect(scenario.scenario).to.equal("anvil");
    expect(scenario.blocks.map((b) => b.transactions.length)).to.deep.equal([3, 2]);
    expect(scenario.summary.transactions).to.equal(5);
    expect(scenario.summary.dependentTransactions).to.equal(1);
  });

  it("a network name not in the config: one Error line, exit 1", () => {
    const run = runHardhat(dir, ["--network", "nowhere", "parallel-report", "--no-compile"]);
    expect(run.status).to.equal(1);
    expect(run.stdout + run.stderr).to.match(/Error: .*nowhere/);
  });

  it("a node without evm_mine or any account to fund the workload from: the lines naming them, exit 1", () => {
    const scenario = path.join(dir, "hot-counter.mjs");
    const run = runHardhat(dir, ["--network", "deaf", "parallel-report", "--scenario", scenario]);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include(`deaf: the node at ${deafUrl} answers no evm_mine, so transactions are mined at its`);
    expect(run.stderr).to.include(
      `Error: the node at ${deafUrl} answers neither anvil_setBalance nor hardhat_setBalance, and not eth_accounts`,
    );
  });

  it("--blocks only reads: a node without evm_mine gets as far as the first read it lacks, one Error line", () => {
    const run = runHardhat(dir, ["--network", "deaf", "parallel-report", "--blocks", "1..1", "--no-compile"]);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include("Error: deaf: the node does not answer eth_blockNumber (it said: Method not found");
  });
});
