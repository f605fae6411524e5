import { expect } from "chai";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { boxProject } from "../helpers/box-project.ts";
import { runHardhatCaptured as runHardhat } from "../helpers/run-captured.ts";

/** A deployment script: Box, then one deposit from each of three accounts. */
const DEPOSIT_SCRIPT = `import { network } from "hardhat";

const { ethers } = await network.create();
const [alice, bob, carol] = await ethers.getSigners();
const box = await ethers.deployContract("Box");
for (const user of [alice, bob, carol]) await (await box.connect(user).deposit(5n)).wait();
console.log("deposits:", await box.depositCount());
`;

/** The same, then a throw. */
const THROWING_SCRIPT = DEPOSIT_SCRIPT + `throw new Error("the script gives up on purpose");\n`;

/** `parallel-report --script`: a script run as `hardhat run` runs it, recorded like the tests. */
describe("suite: --script", function () {
  this.timeout(180_000);
  let project: string;

  before(() => {
    project = boxProject();
    mkdirSync(path.join(project, "scripts"));
    writeFileSync(path.join(project, "scripts/deposit.ts"), DEPOSIT_SCRIPT);
    writeFileSync(path.join(project, "scripts/throw.ts"), THROWING_SCRIPT);
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  it("runs the script (its output untouched) and reports Box.depositCount; --ci fails on it", () => {
    const result = runHardhat(project, [
      "parallel-report",
      "--script",
      "scripts/deposit.ts",
      "--ci",
      "--out",
      "r.json",
    ]);
    expect(result.status, result.stderr).to.equal(1);
    expect(result.stdout).to.include("deposits: 3n");
    expect(result.stdout).to.include("4 transactions mined, 3 calls analysed");
    expect(result.stdout).to.match(/1\. Box\.depositCount\s+contracts\/Box\.sol:5/);
    expect(result.stdout).to.include("parallel gate: 1 violation");
    expect(result.stdout).to.match(/✗ .*Box\.depositCount.*contracts\/Box\.sol:5/);
    const { kind, suite } = JSON.parse(readFileSync(path.join(project, "r.json"), "utf8"));
    expect(kind).to.equal("test-suite");
    expect(suite.hotspots.map((h: { variable: string }) => h.variable)).to.deep.equal(["depositCount"]);
  });

  it("a script that throws: its error is reported, what it mined still is, exit code 1", () => {
    const result = runHardhat(project, ["parallel-report", "--script", "scripts/throw.ts", "--no-compile"]);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.include("Error: the script gives up on purpose");
    expect(result.stderr).to.include("The script scripts/throw.ts failed: exit code 1");
    expect(result.stdout).to.match(/1\. Box\.depositCount\s+contracts\/Box\.sol:5/);
  });

  it("a missing script, or --script with --tests: one Error: line, exit 1, nothing run", () => {
    const missing = runHardhat(project, ["parallel-report", "--script", "nope.ts", "--out", "missing.json"]);
    expect(missing.status).to.equal(1);
    expect(missing.stderr.trim()).to.equal("Error: --script: no such file: nope.ts");
    expect(missing.stdout).to.equal("");
    expect(existsSync(path.join(project, "missing.json"))).to.equal(false);
    const both = runHardhat(project, ["parallel-report", "--script", "scripts/deposit.ts", "--tests"]);
    expect(both.status).to.equal(1);
    expect(both.stderr.trim()).to.equal("Error: --tests and --script record different runs: use one of them");
  });
});
