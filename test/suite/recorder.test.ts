import { expect } from "chai";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";

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
    uint256 public count;

    function bump() external {
        count += 1;
    }
}
`;

// Every way a test can lose or batch blocks: a snapshot revert, a state edit, a closed connection, a
// block of several transactions mined with automine off, a reverted transaction, an open connection.
const TESTS = `import { network } from "hardhat";

describe("recorder", () => {
  it("survives a snapshot revert, a state edit and a closed connection", async () => {
    const connection = await network.create();
    const [alice, bob] = await connection.ethers.getSigners();
    const box = await connection.ethers.deployContract("Box");
    const snapshot = await connection.provider.request({ method: "evm_snapshot", params: [] });
    await box.connect(alice).bump();
    await connection.provider.request({ method: "evm_revert", params: [snapshot] });
    await box.connect(bob).bump();
    await connection.provider.request({ method: "hardhat_setBalance", params: [alice.address, "0x56bc75e2d63100000"] });
    await box.connect(alice).bump();
    await connection.close();
  });

  it("captures a block of several transactions and skips reverted ones", async () => {
    const { ethers, provider } = await network.create();
    const [, , carol, dave] = await ethers.getSigners();
    const box = await ethers.deployContract("Box");
    await provider.request({ method: "evm_setAutomine", params: [false] });
    await box.connect(carol).bump({ gasLimit: 100_000n });
    await box.connect(dave).bump({ gasLimit: 100_000n });
    await provider.request({ method: "evm_mine", params: [] });
    await provider.request({ method: "evm_setAutomine", params: [true] });
    await box.connect(dave).bump({ gasLimit: 21_500n }).catch(() => {}); // out of gas: mined, reverted
  });
});
`;

describe("suite: the recorder captures every mined block", function () {
  this.timeout(180_000);

  it("across snapshot reverts, state edits, closed connections and multi-transaction blocks", () => {
    const project = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default { plugins: [hardhatToolboxMochaEthers, hardhatParallel], solidity: ${SOLIDITY_CONFIG} };
`,
      "contracts/Box.sol": BOX,
      "test/recorder.ts": TESTS,
    });
    try {
      linkRepoNodeModules(project);
      const result = runHardhat(project, ["parallel-report", "--tests", "--out", "report.json"]);
      expect(result.status, result.stdout).to.equal(0);
      expect(result.stdout).to.include("2 passing");
      const { suite } = JSON.parse(readFileSync(path.join(project, "report.json"), "utf8"));
      // 2 deployments; alice's bump (then reverted away), bob's, alice's; carol's and dave's in one
      // block; dave's reverted one.
      expect(suite.transactions).to.deep.equal({ mined: 8, analysed: 5, untraced: 0 });
      // Two chains (connections): no key is shared across them. On the first, Box.count was written
      // by alice and bob (alice's first bump was reverted away but still counts); on the second by
      // carol and dave.
      const [bump] = suite.functions;
      expect(bump).to.include({ function: "Box.bump()", calls: 5, senders: 4 });
      expect(bump.writes[0].keys.map((k: { senders: number; calls: number }) => [k.senders, k.calls])).to.deep.equal([
        [2, 3],
        [2, 2],
      ]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
