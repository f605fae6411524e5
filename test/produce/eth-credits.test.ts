import type { JsonReport, ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { rmSync } from "node:fs";

import { scenarioHotspots } from "../../plugin/internal/html/hotspot-page.ts";
import { expectClose } from "../helpers/expect-close.ts";
import { reportJson, writePluginProject } from "./plugin-project.ts";

/**
 * ETH sent to one contract (issue #13). EthBox.deposit() only receives ETH (and writes the sender's
 * own entry): its balance is credited, never observed, so no deposit depends on another through it.
 * EthBoxReads.deposit() also reads address(this).balance: each deposit depends on the previous one.
 */
const ETH_BOX_SOL = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
contract EthBox {
    mapping(address => uint256) public paid;
    uint256 public lastSeen;
    function deposit() external payable { paid[msg.sender] += msg.value; }
    function snapshot() external { lastSeen = address(this).balance; }
}
contract EthBoxReads {
    mapping(address => uint256) public paid;
    mapping(address => uint256) public seen;
    function deposit() external payable {
        paid[msg.sender] += msg.value;
        seen[msg.sender] = address(this).balance;
    }
}
`;

/**
 * Users 0–(deposits − 1) deposit 1, 2, 3… gwei in one block (distinct senders); with `snapshot`,
 * the next user then calls snapshot(), which reads the box's balance.
 */
const scenario = (name: string, contract: string, deposits: number, snapshot: boolean) => `export default {
  name: "${name}",
  description: "${name}",
  defaults: { users: ${deposits + 1}, transactions: ${deposits + (snapshot ? 1 : 0)}, blockSize: 100 },
  async setup(ctx) {
    const box = await ctx.ethers.deployContract("${contract}", [], ctx.deployer);
    await box.waitForDeployment();
    return { box };
  },
  async run(ctx, { box }) {
    for (let i = 0; i < ${deposits}; i++) {
      await box.connect(ctx.users[i]).getFunction("deposit")({ ...ctx.tx, value: BigInt(i + 1) * 10n ** 9n });
    }
    ${snapshot ? `await box.connect(ctx.users[${deposits}]).getFunction("snapshot")(ctx.tx);` : ""}
  },
};
`;

describe("ETH sent to one contract: a credit only is no dependency (engine and trace capture agree)", function () {
  this.timeout(600_000);
  let dir: string;
  let report: JsonReport;
  const byName = (name: string): ScenarioReport => report.scenarios.find((s) => s.scenario === name)!;
  const deps = (s: ScenarioReport) => s.blocks[0].transactions.map((tx) => tx.dependsOn.map((d) => d.tx));

  before(() => {
    dir = writePluginProject({
      "contracts/EthBox.sol": ETH_BOX_SOL,
      "scenarios/eth-credit.ts": scenario("eth-credit", "EthBox", 5, true),
      "scenarios/eth-read.ts": scenario("eth-read", "EthBoxReads", 5, false),
      "scenarios/eth-credit-many.ts": scenario("eth-credit-many", "EthBox", 60, false),
    });
    // --verify-capture: every block also traced with EDR's tracers and compared key by key (exit 0).
    ({ report } = reportJson(dir, ["--verify-capture", "--execute", "--workers", "2", "--rounds", "1"]));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("credit-only deposits from 5 senders: no dependency; the balance reader depends on every credit", () => {
    const s = byName("eth-credit");
    expect(s.capture).to.deep.include({ mode: "engine", tracedBlocks: 0, fallbacks: [], differences: [] });
    expect(s.blocks).to.have.length(1);
    // Deposits 0–4 read nothing another wrote (each its own paid[sender]; the box's balance is only
    // credited). snapshot() reads the balance: it depends on all five credits.
    expect(deps(s)).to.deep.equal([[], [], [], [], [], [0, 1, 2, 3, 4]]);
    const edges = s.blocks[0].transactions[5].dependsOn;
    expect(edges.map((d) => d.keys.map((k) => k.name))).to.deep.equal(Array(5).fill(["EthBox.balance"]));
    // 1 dependent transaction of 6.
    expectClose(s.summary.conflictRate, 1 / 6);
    expect(s.blocks[0].figures.dependencies).to.equal(5);
  });

  it("deposits reading address(this).balance: each depends on the previous one, with the right advice", () => {
    const s = byName("eth-read");
    expect(s.capture).to.deep.include({ mode: "engine", tracedBlocks: 0, fallbacks: [], differences: [] });
    expect(deps(s)).to.deep.equal([[], [0], [1], [2], [3]]);
    for (const tx of s.blocks[0].transactions.slice(1)) {
      expect(tx.dependsOn.map((d) => d.keys.map((k) => k.name))).to.deep.equal([["EthBoxReads.balance"]]);
    }
    expectClose(s.summary.conflictRate, 4 / 5);
    const [hot] = scenarioHotspots(s.hotspots, new Map());
    expect(hot.name).to.equal("EthBoxReads.balance");
    expect(hot.dependencies).to.equal(4);
    expect(hot.suggestion).to.include("stop reading address(this).balance in the hot path");
    expect(hot.suggestion).to.include("keep the amount in a state variable you update");
  });

  it("--execute: every block matches EDR; 60 credit-only deposits run on 2 workers with no re-execution", () => {
    for (const name of ["eth-credit", "eth-read", "eth-credit-many"]) {
      const execution = byName(name).execution!;
      expect(
        execution.blocks.flatMap((b) => b.mismatches),
        name,
      ).to.deep.equal([]);
    }
    const many = byName("eth-credit-many");
    expect(many.capture).to.deep.include({ mode: "engine", tracedBlocks: 0, fallbacks: [], differences: [] });
    // No transaction depends on another: the box's balance is only credited (a delta in the executor).
    expect(deps(many)).to.deep.equal(Array(60).fill([]));
    expect(many.summary.conflictRate).to.equal(0);
    const execution = many.execution!;
    expect(execution.workers).to.equal(2);
    const [block] = execution.blocks;
    expect(block.fellBack, "fell back to sequential mode").to.equal(false);
    expect(block.reexecutions, JSON.stringify(block.reasons)).to.equal(0);
  });
});
