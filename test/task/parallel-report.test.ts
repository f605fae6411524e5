import type { JsonReport, ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";

import { expectClose } from "../helpers/expect-close.ts";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT, runHardhat, writeProject } from "../helpers/fixture-project.ts";

/** Two ETH transfers from one sender to two fresh addresses: linked only by the sender's nonce. */
const SAME_SENDER_SCENARIO = `export default {
  name: "same-sender",
  description: "one sender, two transfers",
  async setup() {},
  async run(ctx) {
    const [user] = ctx.users;
    for (const to of ["0x1000000000000000000000000000000000000001", "0x1000000000000000000000000000000000000002"]) {
      await user.sendTransaction({ to, value: 1n, ...ctx.tx });
    }
  },
};
`;

/** The whole pipeline on the bundled examples: real EDR, real solc, real traces, JSON checked by hand. */
describe("parallel-report end to end", function () {
  this.timeout(300_000);
  let report: JsonReport;
  let textReport: string;
  let dir: string;
  const scenario = (name: string): ScenarioReport => report.scenarios.find((s) => s.scenario === name)!;

  before(() => {
    dir = writeProject({ "same-sender.mjs": SAME_SENDER_SCENARIO });
    const out = path.join(dir, "report.json");
    const scenarios = [
      "erc20-transfers",
      "amm-single-pool",
      "hot-counter",
      "sharded-counter",
      path.join(dir, "same-sender.mjs"),
    ];
    const sizes = ["--users", "100", "--transactions", "50", "--block-size", "50"];
    const run = runHardhat(REPO_ROOT, ["parallel-report", "--scenario", scenarios.join(","), ...sizes, "--out", out]);
    expect(run.status, run.stderr).to.equal(0);
    textReport = run.stdout;
    report = JSON.parse(readFileSync(out, "utf8"));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("50 transfers among distinct pairs: conflict rate 0, score 1 - 1/50", () => {
    const { summary, blocks } = scenario("erc20-transfers");
    expect(blocks).to.have.length(1);
    expect(summary.transactions).to.equal(50);
    expect(summary.conflictRate).to.equal(0);
    // Every transfer uses the same gas (fresh recipients, equal amounts), so the critical path is one transfer.
    const gas = new Set(blocks[0].transactions.map((tx) => tx.gasUsed));
    expect(gas.size).to.equal(1);
    expectClose(summary.score, 0.98, 1e-12);
    expectClose(summary.idealSpeedup, 50, 1e-9);
  });

  it("50 swaps on one pool: 49 dependent transactions, score 0", () => {
    const { summary, hotspots, contracts } = scenario("amm-single-pool");
    expect(summary.transactions).to.equal(50);
    expect(summary.dependentTransactions).to.equal(49);
    expect(summary.score).to.equal(0);
    expect(hotspots.map((h) => h.name)).to.include("Pair.reserve0+reserve1+blockTimestampLast");
    // The pool's token balances are mapping entries, the pool (a known contract) named as the key.
    expect(contracts.map((c) => c.name)).to.include("Pair");
    expect(hotspots.map((h) => h.name)).to.include("Token.balances[Pair]");
  });

  it("the hot counter: hotspot named HotCounter.depositCount at its declaration line", () => {
    const { hotspots, summary } = scenario("hot-counter");
    expect(summary.dependentTransactions).to.equal(49);
    const source = readFileSync(path.join(REPO_ROOT, "contracts/HotCounter.sol"), "utf8").split("\n");
    const line = source.findIndex((text) => /\bdepositCount\s*;/.test(text)) + 1;
    const top = hotspots.find((h) => h.name === "HotCounter.depositCount")!;
    expect([top.sourceName, top.line, top.dependencies]).to.deep.equal(["contracts/HotCounter.sol", line, 49]);
    expect(textReport).to.include(`contracts/HotCounter.sol:${line}`);
  });

  it("the sharded counter: no hotspot at all", () => {
    const { hotspots, summary } = scenario("sharded-counter");
    expect(summary.conflictRate).to.equal(0);
    expect(hotspots).to.deep.equal([]);
  });

  it("two transactions from one sender: one same-sender dependency, no contract contention", () => {
    const { summary, blocks } = scenario("same-sender");
    expect(summary.dependencies).to.equal(1);
    expect(summary.contractDependentTransactions).to.equal(0);
    const [, second] = blocks[0].transactions;
    expect(second.dependsOn).to.have.length(1);
    expect(second.dependsOn[0].tx).to.equal(0);
    expect(new Set(second.dependsOn[0].keys.map((k) => k.class))).to.deep.equal(new Set(["same-sender"]));
  });

  it("every block's conflict rate can be re-derived from the listed dependencies", () => {
    for (const s of report.scenarios) {
      for (const block of s.blocks) {
        const dependent = block.transactions.filter((tx) => tx.dependsOn.length > 0).length;
        expectClose(block.figures.conflictRate, dependent / block.transactions.length, 1e-12);
        for (const tx of block.transactions) for (const dep of tx.dependsOn) expect(dep.tx).to.be.lessThan(tx.index);
      }
    }
  });

  it("writes a versioned JSON report", () => {
    expect(report.schemaVersion).to.equal(1);
    expect(report.scenarios.map((s) => s.scenario)).to.deep.equal([
      "erc20-transfers",
      "amm-single-pool",
      "hot-counter",
      "sharded-counter",
      "same-sender",
    ]);
    writeFileSync(path.join(dir, "roundtrip.json"), JSON.stringify(report));
  });
});
