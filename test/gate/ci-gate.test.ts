import { expect } from "chai";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { boxProject } from "../helpers/box-project.ts";
import { expectClose } from "../helpers/expect-close.ts";
import { runHardhat } from "../helpers/fixture-project.ts";

const FIXED_BOX = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Box {
    mapping(address => uint256) public depositCounts;
    mapping(address => uint256) public balances;

    function deposit(uint256 amount) external {
        depositCounts[msg.sender] += 1;
        balances[msg.sender] += amount;
    }
}
`;

/** The CI gate, end to end: a real project, its own mocha tests, the gate's exit code and output. */
describe("gate: parallel-report --tests --ci on a project", function () {
  this.timeout(180_000);

  it("fails on a global counter in the hot path, naming the variable and its line; passes once fixed", () => {
    const project = boxProject("{ minScore: 0.5 }");
    try {
      const hot = runHardhat(project, ["parallel-report", "--tests", "--ci", "--markdown", "summary.md"], {
        GITHUB_ACTIONS: "true",
        GITHUB_WORKSPACE: project,
        GITHUB_STEP_SUMMARY: "",
      });
      expect(hot.status, hot.stdout + hot.stderr).to.equal(1);
      expect(hot.stdout).to.include("1 passing");
      expect(hot.stdout).to.include("parallel gate: 2 violations");
      expect(hot.stdout).to.match(/✗ Box: score 0\.00 is below minScore 0\.5 \(by 0\.50\)/);
      expect(hot.stdout).to.include(
        "✗ new contention hotspot Box.depositCount (contracts/Box.sol:5): " +
          "written by Box.deposit(uint256) (3 senders)",
      );
      expect(hot.stdout).to.match(
        /^::error file=contracts\/Box\.sol,line=5,title=Contention hotspot::new contention hotspot Box\.depositCount/m,
      );
      expect(hot.stdout).to.include("Box — global counter: depositCount (contracts/Box.sol:5)");
      const summary = readFileSync(path.join(project, "summary.md"), "utf8");
      expect(summary).to.include("❌ **Gate failed: 2 violations.**");
      expect(summary).to.include("**Box.depositCount** — `contracts/Box.sol:5`");

      writeFileSync(path.join(project, "contracts/Box.sol"), FIXED_BOX);
      const fixed = runHardhat(project, ["parallel-report", "--tests", "--ci"]);
      expect(fixed.status, fixed.stdout + fixed.stderr).to.equal(0);
      expect(fixed.stdout).to.include("parallel gate: passed");
      // No contention: score = 1 − largest call's gas / total gas (first deposits cost more).
      const score = /Box\s+6\s+3\s+0\.0%\s+(0\.\d\d)/.exec(fixed.stdout);
      expect(score, fixed.stdout).not.to.equal(null);
      expect(Number(score![1])).to.be.within(0.7, 5 / 6);
      expect(fixed.stdout).to.include("writes depositCounts: per caller (3 keys, each keyed by its sender)");
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("--update-baseline accepts today's hotspots; thresholds still apply", () => {
    const project = boxProject("{ maxConflictRate: 0.5, baseline: 'ci/parallel-baseline.json' }");
    try {
      const update = runHardhat(project, ["parallel-report", "--tests", "--update-baseline"]);
      expect(update.status, update.stdout + update.stderr).to.equal(0);
      const baseline = JSON.parse(readFileSync(path.join(project, "ci/parallel-baseline.json"), "utf8"));
      expect(baseline.hotspots).to.deep.equal([{ id: "Box.depositCount", sourceName: "contracts/Box.sol", line: 5 }]);
      expectClose(baseline.contracts.Box.conflictRate, 5 / 6, 1e-4);

      const gate = runHardhat(project, ["parallel-report", "--tests", "--ci", "--no-compile"]);
      expect(gate.status).to.equal(1);
      expect(gate.stdout).to.include("parallel gate: 1 violation");
      expect(gate.stdout).to.include(
        "✗ Box: conflict rate 83.3% is above maxConflictRate 50.0% (by 33.3 points); baseline 83.3%",
      );
      expect(gate.stdout).not.to.include("new contention hotspot");
      expect(existsSync(path.join(project, "parallel-baseline.json"))).to.equal(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
