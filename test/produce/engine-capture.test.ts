import type { ExecutionModels, ModelFigures } from "../../plugin/internal/analyze/models/model-types.ts";
import type { JsonReport, ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT } from "../helpers/fixture-project.ts";
import { reportJson, writePluginProject } from "./plugin-project.ts";

/** Two blocks of 20 per scenario (40 transactions), kept small for CI. */
const SIZES = ["--users", "40", "--transactions", "40", "--block-size", "20"];
const EXAMPLES = readdirSync(path.join(REPO_ROOT, "examples"))
  .filter((file) => file.endsWith(".ts") && !/^[_.]/.test(file))
  .map((file) => file.replace(/\.ts$/, ""));

/**
 * What is left of a report once what may differ between capture modes and runs is removed:
 * `generatedAt`, `options`, each scenario's `capture` and `predictedAccess` (engine capture only), the
 * `locks-predicted` model (it needs the predicted sets) and the builder's BAL bytes; and each block's
 * hash and BAL hash and size. Those differ between any two runs, in one mode too:
 * block timestamps follow the wall clock, and the BAL holds the system contracts' writes (the
 * timestamp and the parent hash, as minimal RLP integers, so even its size can change).
 */
function figures(report: JsonReport) {
  const { generatedAt, options, ...rest } = report;
  return {
    ...rest,
    scenarios: report.scenarios.map(({ capture, predictedAccess, ...scenario }) => ({
      ...scenario,
      models: scenario.models && withoutPredictedLocks(scenario.models),
      blocks: scenario.blocks.map(({ hash, bal, ...block }) => ({
        ...block,
        bal: bal && { ...bal, hash: 0, bytes: 0 },
      })),
    })),
  };
}

function withoutPredictedLocks(models: ExecutionModels) {
  const kept = (list: ModelFigures[]) => list.filter((figures) => figures.model !== "locks-predicted");
  const { unavailable, builder, ...rest } = models;
  return {
    ...rest,
    models: models.models.filter((model) => model !== "locks-predicted"),
    summary: kept(models.summary),
    contracts: models.contracts.map((entry) => ({ ...entry, models: kept(entry.models) })),
    functions: models.functions.map((entry) => ({ ...entry, models: kept(entry.models) })),
    builder: builder && { ...builder, balBytes: 0 },
  };
}

describe("engine capture on every bundled example", function () {
  this.timeout(600_000);
  let verified: JsonReport;
  let traced: JsonReport;
  let engine: JsonReport;

  before(() => {
    verified = reportJson(REPO_ROOT, ["--verify-capture", ...SIZES]).report;
    traced = reportJson(REPO_ROOT, ["--capture", "trace", "--no-compile", ...SIZES]).report;
    engine = reportJson(REPO_ROOT, ["--no-compile", ...SIZES]).report;
  });

  it("--verify-capture: every block of every example captured by the engine, no difference from the traces", () => {
    expect(verified.scenarios.map((s) => s.scenario).sort()).to.deep.equal([...EXAMPLES].sort());
    for (const s of verified.scenarios) {
      expect(s.blocks.length, s.scenario).to.be.at.least(2);
      expect(s.capture, s.scenario).to.deep.include({
        mode: "engine",
        engineBlocks: s.blocks.length,
        tracedBlocks: 0,
        fallbacks: [],
        differences: [],
      });
    }
  });

  it("trace and engine capture give the same report: rates, scores, S_k, hotspots, dependencies", () => {
    expect(traced.scenarios.map((s) => s.capture?.mode)).to.deep.equal(EXAMPLES.map(() => "trace"));
    expect(engine.scenarios.map((s) => s.capture?.mode)).to.deep.equal(EXAMPLES.map(() => "engine"));
    // Engine capture adds the predicted access lists; trace capture has none to compare with.
    expect(traced.scenarios.filter((s) => s.predictedAccess !== undefined)).to.deep.equal([]);
    expect(engine.scenarios.filter((s) => s.predictedAccess === undefined)).to.deep.equal([]);
    // Not a comparison of empty reports: 40 transactions each, and the hot counter's hotspot.
    expect(engine.scenarios.every((s) => s.summary.transactions === 40)).to.equal(true);
    const hot = engine.scenarios.find((s) => s.scenario === "hot-counter")!;
    expect(hot.hotspots.map((h) => h.name)).to.include("HotCounter.depositCount");
    expect(figures(engine)).to.deep.equal(figures(traced));
  });
});

const RECORDER_SOL = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
contract Recorder {
    mapping(address => bytes32) public seen;
    uint256 public bumps;
    event Seen(address indexed user, bytes32 hash);
    function record() external {
        bytes32 hash = blockhash(block.number - 1);
        seen[msg.sender] = hash;
        emit Seen(msg.sender, hash);
    }
    function bump() external { bumps += 1; }
}
`;

/** A scenario deploying Recorder in setup; `body` is run()'s body (`r` is the contract). */
const scenario = (name: string, users: number, body: string) => `export default {
  name: "${name}",
  description: "${name}",
  defaults: { users: ${users}, transactions: ${users * 2}, blockSize: 100 },
  async setup(ctx) {
    const r = await ctx.ethers.deployContract("Recorder", [], ctx.deployer);
    await r.waitForDeployment();
    return { r };
  },
  async run(ctx, { r }) {
    const call = (user, fn) => r.connect(user).getFunction(fn)(ctx.tx);
${body}
  },
};
`;

const X = "0x00000000000000000000000000000000000000aa";
const SCENARIOS = {
  // Block 2: three record() calls (BLOCKHASH: the engine falls back). Block 3: three bump() calls.
  "blockhash.ts": scenario(
    "blockhash",
    3,
    `for (const u of ctx.users) await call(u, "record");
    await ctx.mine();
    for (const u of ctx.users) await call(u, "bump");`,
  ),
  // Block 2: users 0 and 1 bump, ended by the scenario's own evm_mine. Block 3: users 2 and 3.
  "user-mine.ts": scenario(
    "user-mine",
    4,
    `await call(ctx.users[0], "bump");
    await call(ctx.users[1], "bump");
    await ctx.connection.provider.request({ method: "evm_mine" });
    await call(ctx.users[2], "bump");
    await call(ctx.users[3], "bump");`,
  ),
  // Block 2: 1 wei to X. Then user 0's balance is set to 20,000 ETH (it had 10,000), and block 3
  // sends 15,000 ETH: only a head state fetched again after hardhat_setBalance can pay for it.
  "set-balance.ts": scenario(
    "set-balance",
    1,
    `const [u] = ctx.users;
    await u.sendTransaction({ to: "${X}", value: 1n, ...ctx.tx });
    await ctx.mine();
    const balance = "0x" + (20000n * 10n ** 18n).toString(16);
    await ctx.connection.provider.request({ method: "hardhat_setBalance", params: [u.address, balance] });
    await u.sendTransaction({ to: "${X}", value: 15000n * 10n ** 18n, ...ctx.tx });`,
  ),
};

describe("engine capture: BLOCKHASH fallback, a scenario's own evm_mine, hardhat_setBalance", function () {
  this.timeout(600_000);
  let dir: string;
  let stderr: string;
  let report: JsonReport;
  const byName = (name: string): ScenarioReport => report.scenarios.find((s) => s.scenario === name)!;

  before(() => {
    const files = Object.entries(SCENARIOS).map(([file, text]) => [`scenarios/${file}`, text]);
    dir = writePluginProject({ "contracts/Recorder.sol": RECORDER_SOL, ...Object.fromEntries(files) });
    // --verify-capture: every block the engine keeps is also compared with EDR's traces (exit 0: none differs).
    ({
      report,
      run: { stderr },
    } = reportJson(dir, ["--verify-capture"]));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("a block reading BLOCKHASH falls back to trace capture, with one line saying why; nothing is lost", () => {
    const s = byName("blockhash");
    // Setup mined block 1 (the deployment); run's first block is 2.
    expect(s.blocks.map((b) => [b.number, b.transactions.length])).to.deep.equal([
      [2, 3],
      [3, 3],
    ]);
    const lines = stderr.split("\n").filter((line) => line.includes("trace capture instead of the engine"));
    expect(lines).to.have.length(1);
    const [, reason] = lines[0].match(/^blockhash: block 2: trace capture instead of the engine: (.*)$/)!;
    // The engine's BLOCKHASH is 0: seen[user] = 0 leaves a zero slot unchanged (cold SSTORE, 2,100 + 100)
    // where EDR stores the real non-zero hash (2,100 + 20,000): 19,900 gas apart; the emitted hash differs
    // too.
    // So all 3 receipts differ in gasUsed and in logs (6 lines), and the first is tx 0's gasUsed.
    const first = s.blocks[0].transactions[0];
    const line = `^receipt mismatch \\(6\\): tx 0 \\(${first.hash}\\) gasUsed: engine (\\d+) vs EDR (\\d+)$`;
    const gas = reason.match(new RegExp(line));
    expect(gas, reason).to.not.equal(null);
    expect([Number(gas![1]) + 19_900, Number(gas![2])]).to.deep.equal([first.gasUsed, first.gasUsed]);
    expect(s.capture).to.deep.include({
      engineBlocks: 1,
      tracedBlocks: 1,
      fallbacks: [{ block: 2, reason }],
      differences: [],
    });
    // All 3 record() calls are in the report, from the 3 users, each successful.
    const record = s.blocks[0].transactions;
    const calls = record.map((tx) => [tx.status, tx.functions[0].name]);
    expect(calls).to.deep.equal(Array(3).fill([1, "Recorder.record()"]));
    expect(new Set(record.map((tx) => tx.from)).size).to.equal(3);
    expect(s.summary.transactions).to.equal(6);
  });

  it("a scenario's own evm_mine ends a block, and both blocks are still captured by the engine", () => {
    const s = byName("user-mine");
    expect(s.blocks.map((b) => [b.number, b.transactions.length])).to.deep.equal([
      [2, 2],
      [3, 2],
    ]);
    expect(s.capture).to.deep.include({ engineBlocks: 2, tracedBlocks: 0, fallbacks: [], differences: [] });
    // Within each block the second bump() reads what the first wrote: one dependency per block, none across.
    expect(s.blocks.map((b) => b.transactions.map((tx) => tx.dependsOn.map((d) => d.tx)))).to.deep.equal([
      [[], [0]],
      [[], [0]],
    ]);
  });

  it("hardhat_setBalance between sends is seen by the engine: a payment over the old balance succeeds", () => {
    const s = byName("set-balance");
    expect(s.blocks.map((b) => b.transactions.map((tx) => [tx.to, tx.status]))).to.deep.equal([[[X, 1]], [[X, 1]]]);
    expect(s.capture).to.deep.include({ engineBlocks: 2, tracedBlocks: 0, fallbacks: [], differences: [] });
  });
});
