import { REPO_ROOT, SOLIDITY_CONFIG, linkRepoNodeModules, writeProject } from "./fixture-project.ts";

/** A box whose every deposit increments one global counter: the suite's contention hotspot (line 5). */
export const HOT_BOX = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Box {
    uint256 public depositCount;
    mapping(address => uint256) public balances;

    function deposit(uint256 amount) external {
        depositCount += 1;
        balances[msg.sender] += amount;
    }
}
`;

/** The project's own mocha test: six deposits from three users. */
export const BOX_TEST = `import { expect } from "chai";
import { network } from "hardhat";

describe("Box", () => {
  it("takes deposits from several users", async () => {
    const { ethers } = await network.create();
    const [alice, bob, carol] = await ethers.getSigners();
    const box = await ethers.deployContract("Box");
    for (const user of [alice, bob, carol, alice, bob, carol]) await box.connect(user).deposit(5n);
    expect(await box.balances(alice.address)).to.equal(10n);
  });
});
`;

/**
 * A small mocha project (contracts/Box.sol = `box`, test/box.ts = `test`; HOT_BOX and BOX_TEST by
 * default) with this plugin and the repository's node_modules, in a fresh temporary folder; `ci` is
 * its `parallel.ci` config, if any.
 */
export function boxProject(ci?: string, box = HOT_BOX, test = BOX_TEST): string {
  const dir = writeProject({
    "package.json": JSON.stringify({ type: "module" }),
    "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatToolboxMochaEthers, hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
${ci === undefined ? "" : `  parallel: { ci: ${ci} },\n`}};
`,
    "contracts/Box.sol": box,
    "test/box.ts": test,
  });
  linkRepoNodeModules(dir);
  return dir;
}
