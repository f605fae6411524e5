import { expect } from "chai";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { HOT_BOX } from "../helpers/box-project.ts";
import { REPO_ROOT, SOLIDITY_CONFIG, linkRepoNodeModules, writeProject } from "../helpers/fixture-project.ts";
import { runHardhatCaptured as runHardhat } from "../helpers/run-captured.ts";

/** Deposits from two users in a mocha test (ethers), from two others in a node:test test. */
const MOCHA_TEST = `import { expect } from "chai";
import { network } from "hardhat";

describe("Box (mocha)", () => {
  it("takes deposits from alice and bob", async () => {
    const { ethers } = await network.create();
    const [alice, bob] = await ethers.getSigners();
    const box = await ethers.deployContract("Box");
    for (const user of [alice, bob]) await box.connect(user).deposit(5n);
    expect(await box.depositCount()).to.equal(2n);
  });
});
`;

const NODE_TEST = `import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";

describe("Box (node:test)", async () => {
  const { ethers } = await network.create();

  it("takes deposits from carol and dave", async () => {
    const [, , carol, dave] = await ethers.getSigners();
    const box = await ethers.deployContract("Box");
    for (const user of [carol, dave]) await box.connect(user).deposit(5n);
    assert.equal(await box.depositCount(), 2n);
  });
});
`;

const FAILING_NODE_TEST = `import assert from "node:assert/strict";
import { it } from "node:test";

it("fails on purpose", () => assert.equal(1, 2, "deliberately wrong"));
`;

const SOLIDITY_TEST = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract BoxTest {
    function test_nothing() public pure {}
}
`;

function mixedProject(extra: Record<string, string> = {}): string {
  const dir = writeProject({
    "package.json": JSON.stringify({ type: "module" }),
    "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatToolboxMochaEthers, hardhatNodeTestRunner, hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  paths: { tests: { mocha: "test/mocha", nodejs: "test/node" } },
};
`,
    "contracts/Box.sol": HOT_BOX,
    "test/mocha/box.ts": MOCHA_TEST,
    "test/node/box.ts": NODE_TEST,
    ...extra,
  });
  linkRepoNodeModules(dir);
  return dir;
}

/** `--tests` runs every runner the project has (mocha and node:test here), into one recording. */
describe("suite: --tests with mocha and node:test", function () {
  this.timeout(240_000);
  const projects: string[] = [];
  const project = (extra?: Record<string, string>) => {
    const dir = mixedProject(extra);
    projects.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of projects) rmSync(dir, { recursive: true, force: true });
  });

  it("runs both runners, with their own output, and reports one recording over both", () => {
    const dir = project({ "test/Box.t.sol": SOLIDITY_TEST });
    const result = runHardhat(dir, ["parallel-report", "--tests", "--out", "report.json"]);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.include("Running node:test tests");
    expect(result.stdout).to.match(/1 passing/);
    expect(result.stderr).to.include(
      "hardhat-parallel: 1 Solidity test file runs inside EDR without a JSON-RPC connection: not captured",
    );
    expect(result.stdout).not.to.include("test_nothing");
    // 2 deployments + 4 deposits from 4 senders, on two connections.
    expect(result.stdout).to.include("6 transactions mined, 4 calls analysed");
    expect(result.stdout).to.match(/1\. Box\.depositCount\s+contracts\/Box\.sol:5/);
    const { suite } = JSON.parse(readFileSync(path.join(dir, "report.json"), "utf8"));
    expect(suite.transactions).to.deep.equal({ mined: 6, analysed: 4, untraced: 0 });
    expect([suite.hotspots[0].contract, suite.hotspots[0].variable]).to.deep.equal(["Box", "depositCount"]);
  });

  it("--test-runner picks one runner", () => {
    const result = runHardhat(project(), ["parallel-report", "--tests", "--test-runner", "nodejs"]);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.include("Running node:test tests");
    expect(result.stdout).not.to.include("Box (mocha)");
    expect(result.stdout).to.include("3 transactions mined, 2 calls analysed");
  });

  it("a failing node:test test fails the command (exit 1), its output untouched", () => {
    const dir = project({ "test/node/fail.ts": FAILING_NODE_TEST });
    const result = runHardhat(dir, ["parallel-report", "--tests"]);
    expect(result.status).to.equal(1);
    expect(result.stdout).to.include("deliberately wrong");
    expect(result.stdout).to.include("Box (mocha)");
    expect(result.stderr).to.include("The test suite failed (1 failing): exit code 1");
    expect(result.stdout).to.include("6 transactions mined, 4 calls analysed");
  });

  it("a bad, missing or lone --test-runner, and no runner at all: one Error: line; --help lists both options", () => {
    const dir = project();
    const bad = runHardhat(dir, ["parallel-report", "--tests", "--test-runner", "jest"]);
    expect(bad.status).to.equal(1);
    expect(bad.stderr.trim()).to.equal('Error: --test-runner must be mocha or nodejs (got "jest")');
    const alone = runHardhat(dir, ["parallel-report", "--test-runner", "mocha"]);
    expect(alone.status).to.equal(1);
    expect(alone.stderr.trim()).to.equal("Error: --test-runner picks the runner of --tests");
    const help = runHardhat(dir, ["parallel-report", "--help"]);
    expect(help.stdout).to.match(/--test-runner\s+The one test runner --tests runs: mocha or nodejs/);
    expect(help.stdout).to.match(/--script\s+Run this script \(as `hardhat run` does\)/);
    const none = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "hardhat.config.ts": `import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default { plugins: [hardhatParallel] };
`,
    });
    projects.push(none);
    linkRepoNodeModules(none);
    const missing = runHardhat(none, ["parallel-report", "--tests", "--test-runner", "nodejs"]);
    expect(missing.status).to.equal(1);
    expect(missing.stderr.trim()).to.equal(
      "Error: --test-runner nodejs: the project has no `test nodejs` task: add " +
        "@nomicfoundation/hardhat-node-test-runner (or @nomicfoundation/hardhat-toolbox-viem)",
    );
    const neither = runHardhat(none, ["parallel-report", "--tests"]);
    expect(neither.status).to.equal(1);
    expect(neither.stderr.trim()).to.match(/^Error: --tests runs .*hardhat-mocha.*hardhat-node-test-runner[^\n]*$/);
  });
});
