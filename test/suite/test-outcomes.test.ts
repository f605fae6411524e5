import { expect } from "chai";
import { rmSync } from "node:fs";

import {
  REPO_ROOT,
  SOLIDITY_CONFIG,
  linkRepoNodeModules,
  runHardhat,
  writeProject,
} from "../helpers/fixture-project.ts";

const BOX = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Box {
    uint256 public depositCount;

    function deposit() external {
        depositCount += 1;
    }
}
`;

// Three tests on one connection, each from a snapshot (loadFixture reverts between them): the
// recorder must capture each test's block before the revert discards it.
const TESTS = `import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const deploy = async () => ({ box: await ethers.deployContract("Box") });

describe("Box", () => {
  it("takes alice's deposit", async () => {
    const { box } = await networkHelpers.loadFixture(deploy);
    const [alice] = await ethers.getSigners();
    await box.connect(alice).deposit();
    expect(await box.depositCount()).to.equal(1n);
  });

  it("takes bob's deposit", async () => {
    const { box } = await networkHelpers.loadFixture(deploy);
    const [, bob] = await ethers.getSigners();
    await box.connect(bob).deposit();
    expect(await box.depositCount()).to.equal(1n);
  });

  it("fails on purpose", async () => {
    const { box } = await networkHelpers.loadFixture(deploy);
    const [, , carol] = await ethers.getSigners();
    await box.connect(carol).deposit();
    expect(await box.depositCount(), "deliberately wrong").to.equal(42n);
  });
});
`;

/** `--tests` must leave the tests' own outcome alone: a failing test still fails the command. */
describe("suite: --tests keeps the test suite's outcome", function () {
  this.timeout(180_000);
  let project: string;

  before(() => {
    project = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default { plugins: [hardhatToolboxMochaEthers, hardhatParallel], solidity: ${SOLIDITY_CONFIG} };
`,
      "contracts/Box.sol": BOX,
      "test/box.ts": TESTS,
    });
    linkRepoNodeModules(project);
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  it("plain `hardhat test mocha` fails with one failing test", () => {
    const plain = runHardhat(project, ["test", "mocha"]);
    expect(plain.status).to.equal(1);
    expect(plain.stdout).to.include("2 passing");
    expect(plain.stdout).to.include("1 failing");
  });

  it("`parallel-report --tests` fails the same way, shows the failure, and still reports every mined call", () => {
    const result = runHardhat(project, ["parallel-report", "--tests", "--no-compile"]);
    expect(result.status).to.equal(1);
    expect(result.stdout).to.include("2 passing");
    expect(result.stdout).to.include("1 failing");
    expect(result.stdout).to.include("1) Box\n       fails on purpose:");
    expect(result.stdout).to.include("deliberately wrong");
    expect(result.stdout).to.match(/-1\n\s+\+42/);
    expect(result.stderr).to.include("The test suite failed (1 failing): exit code 1");
    // 1 deployment + 3 deposits, each deposit in its own reverted timeline.
    expect(result.stdout).to.include("4 transactions mined, 3 calls analysed");
    expect(result.stdout).to.match(/1\. Box\.depositCount\s+contracts\/Box\.sol:5/);
    expect(result.stdout).to.include("written by Box.deposit() (3 senders); 2 contention dependencies");
  });
});
