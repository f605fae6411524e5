import type { ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { rmSync } from "node:fs";

import {
  ETHERS_HOT_COUNTER,
  VIEM_HOT_COUNTER,
  VIEM_WAITS_FOR_RECEIPT,
  WAITS_FOR_RECEIPT,
  counterProject,
  hardhatIn,
  mineAndWaitScenario,
  reportIn,
  untilLine,
} from "./viem-project.ts";

const IMPORTS = `import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatViem from "@nomicfoundation/hardhat-viem";`;
const STALL =
  /Scenario "([\w-]+)": run\(\) has been waiting 3 s with 1 transaction pending and nothing mined: .*mineAndWait/g;

/** A scenario's figures without what differs between two runs of the same transactions (hashes, times). */
function figures(report: ScenarioReport): unknown {
  const { summary, contracts, functions, variables, hotspots, blocks } = report;
  return JSON.parse(
    JSON.stringify({ summary, contracts, functions, variables, hotspots, blocks }, (key, value) =>
      /hash|timestamp/i.test(key) ? undefined : value,
    ),
  );
}

/** ctx.viem next to ctx.ethers, in a project that loads hardhat-ethers (toolbox), hardhat-viem and this plugin. */
describe("viem scenarios, receipts inside run", function () {
  this.timeout(300_000);
  let dir: string;

  before(() => {
    dir = counterProject(IMPORTS, ["hardhatToolboxMochaEthers", "hardhatViem"], {
      "hot-counter.ts": ETHERS_HOT_COUNTER,
      "hot-counter-viem.ts": VIEM_HOT_COUNTER,
      "waits-for-receipt.ts": WAITS_FOR_RECEIPT,
      "viem-waits-for-receipt.ts": VIEM_WAITS_FOR_RECEIPT,
      "mine-and-wait-ethers.ts": mineAndWaitScenario("ethers"),
      "mine-and-wait-viem.ts": mineAndWaitScenario("viem"),
    });
    const build = hardhatIn(dir, ["build"]);
    expect(build.status, build.stderr).to.equal(0);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("hot-counter with viem gives the same figures as with ethers", () => {
    const sizes = ["--users", "20", "--transactions", "40", "--block-size", "20"];
    const { report } = reportIn(dir, ["--scenario", "hot-counter,hot-counter-viem", "--no-compile", ...sizes]);
    const [ethers, viem] = report.scenarios;
    expect([ethers.scenario, viem.scenario]).to.deep.equal(["hot-counter", "hot-counter-viem"]);
    expect(ethers.summary.transactions).to.equal(40);
    expect(ethers.blocks).to.have.length(2);
    expect(ethers.summary.dependentTransactions).to.equal(38);
    expect(ethers.hotspots.map((h) => h.name)).to.include("HotCounter.depositCount");
    expect(figures(viem)).to.deep.equal(figures(ethers));
  });

  it("ctx.mineAndWait mines the pending transactions and returns the receipt: both blocks captured", () => {
    const { report } = reportIn(dir, ["--scenario", "mine-and-wait-ethers,mine-and-wait-viem", "--no-compile"]);
    for (const scenario of report.scenarios) {
      expect(
        scenario.blocks.map((b) => b.transactions.length),
        scenario.scenario,
      ).to.deep.equal([3, 2]);
      expect(scenario.summary.transactions).to.equal(5);
      expect(scenario.summary.dependentTransactions).to.equal(3); // 2 in the first block, 1 in the second
    }
    expect(figures(report.scenarios[1])).to.deep.equal(figures(report.scenarios[0]));
  });

  it("viem's waitForTransactionReceipt inside run: one stall line, then run goes on", () => {
    const run = hardhatIn(dir, ["parallel-report", "--scenario", "viem-waits-for-receipt", "--no-compile"]);
    expect(run.status, run.stderr).to.equal(0);
    const lines = [...run.stderr.matchAll(STALL)];
    expect(lines.map((m) => m[1])).to.deep.equal(["viem-waits-for-receipt"]);
    expect(lines[0][0]).to.include("every --block-size transactions (10 here)");
  });

  it("ethers' tx.wait() inside run: the stall line appears (the command is stopped then)", async () => {
    const args = ["parallel-report", "--scenario", "waits-for-receipt", "--no-compile"];
    const { stderr, seen } = await untilLine(dir, args, STALL, 90_000);
    expect(seen, stderr).to.equal(true);
    expect(stderr).to.include('Scenario "waits-for-receipt": run() has been waiting 3 s with 1 transaction pending');
  });
});

describe("viem scenario without hardhat-viem", function () {
  this.timeout(120_000);

  it("fails with one line naming the package, exit 1", () => {
    const dir = counterProject("", [], { "hot-counter-viem.ts": VIEM_HOT_COUNTER });
    try {
      const run = hardhatIn(dir, ["parallel-report", "--users", "2", "--transactions", "2"]);
      expect(run.status).to.equal(1);
      expect(run.stderr).to.include(
        'Error: Scenario "hot-counter-viem": ctx.viem needs @nomicfoundation/hardhat-viem: ' +
          "add it (or @nomicfoundation/hardhat-toolbox-viem) to your plugins",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
