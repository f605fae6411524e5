import type { JsonReport, ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";

import { expectClose } from "../helpers/expect-close.ts";
import { REPO_ROOT, runHardhat } from "../helpers/fixture-project.ts";

/**
 * `parallel-report --workers 2 --rounds 2`: every captured block replayed sequentially and on two
 * workers, twice each, and checked against the Hardhat network. Only what is deterministic is
 * asserted (not the timings).
 */
describe("parallel-report --workers (measured execution)", function () {
  this.timeout(300_000);
  let report: JsonReport;
  const scenario = (name: string): ScenarioReport => report.scenarios.find((s) => s.scenario === name)!;

  before(() => {
    // 40 transactions in blocks of 20, 40 users: two blocks, every sender distinct within a block.
    const sizes = ["--users", "40", "--transactions", "40", "--block-size", "20"];
    const run = runHardhat(REPO_ROOT, [
      "parallel-report",
      "--scenario",
      "erc20-transfers,hot-counter",
      ...sizes,
      "--workers",
      "2",
      "--rounds",
      "2",
      "--json",
    ]);
    expect(run.status, run.stderr).to.equal(0);
    report = JSON.parse(run.stdout);
  });

  it("replays every captured block, with no mismatch against EDR or between the runs", () => {
    expect(report.options.workers).to.equal(2);
    expect(report.options.rounds).to.equal(2);
    for (const s of report.scenarios) {
      const execution = s.execution!;
      expect(execution, s.scenario).to.not.equal(undefined);
      expect(execution.workers).to.equal(2);
      expect(execution.blocks.map((b) => b.number)).to.deep.equal(s.blocks.map((b) => b.number));
      execution.blocks.forEach((block, i) => {
        expect(block.transactions).to.equal(s.blocks[i].transactions.length);
        expect(block.transactions).to.equal(20);
        expect(block.mismatches).to.deep.equal([]);
        expect(block.busyMs).to.have.length(2);
        expect(block.sequentialMs).to.be.greaterThan(0);
        expect(block.parallelMs).to.be.greaterThan(0);
      });
      const totals = execution.totals;
      expect([totals.blocks, totals.transactions, totals.mismatches]).to.deep.equal([2, 40, 0]);
      expectClose(totals.speedup, totals.sequentialMs / totals.parallelMs, 1e-9);
    }
  });

  it("independent transfers: nothing re-executed, predicted S2 = 2", () => {
    const { blocks, totals } = scenario("erc20-transfers").execution!;
    for (const block of blocks) {
      expect([block.reexecutions, block.reexecutedTransactions, block.reasons, block.fellBack]).to.deep.equal([
        0,
        0,
        {},
        false,
      ]);
      expect(block.predictedSpeedup).to.equal(2);
    }
    expect(totals.predictedSpeedup).to.equal(2);
  });

  it("the hot counter (one serial chain): every block re-executes or falls back, predicted S2 = 1", () => {
    const { blocks, totals } = scenario("hot-counter").execution!;
    for (const block of blocks) {
      expect(block.reexecutions > 0 || block.fellBack, `block ${block.number}`).to.equal(true);
      expect(Object.keys(block.reasons).every((kind) => kind === "read invalidated")).to.equal(true);
      expect(block.predictedSpeedup).to.equal(1);
    }
    expect(totals.predictedSpeedup).to.equal(1);
  });
});
