import { expect } from "chai";
import { rmSync } from "node:fs";

import { boxProject } from "../helpers/box-project.ts";
import { runHardhat } from "../helpers/fixture-project.ts";

/** A payable deposit() that only receives ETH and writes the sender's own entry (line 5: paid). */
const CREDIT_BOX = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Box {
    mapping(address => uint256) public paid;

    function deposit() external payable {
        paid[msg.sender] += msg.value;
    }
}
`;

/** The same deposit also reading address(this).balance (into the sender's own entry). */
const READING_BOX = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Box {
    mapping(address => uint256) public paid;
    mapping(address => uint256) public seen;

    function deposit() external payable {
        paid[msg.sender] += msg.value;
        seen[msg.sender] = address(this).balance;
    }
}
`;

/** Six deposits of 5 wei from three users (alice, bob, carol, alice, bob, carol). */
const ETH_BOX_TEST = `import { expect } from "chai";
import { network } from "hardhat";

describe("Box", () => {
  it("takes ETH from several users", async () => {
    const { ethers } = await network.create();
    const [alice, bob, carol] = await ethers.getSigners();
    const box = await ethers.deployContract("Box");
    for (const user of [alice, bob, carol, alice, bob, carol]) await box.connect(user).deposit({ value: 5n });
    expect(await box.paid(alice.address)).to.equal(10n);
  });
});
`;

/** The gate on ETH sent to one contract (issue #13): a balance only credited is no hotspot. */
describe("gate: ETH sent to one contract", function () {
  this.timeout(180_000);

  it("a payable deposit() that never reads the contract's balance: no hotspot, conflict rate 0, gate passes", () => {
    const project = boxProject("{ minScore: 0.5 }", CREDIT_BOX, ETH_BOX_TEST);
    try {
      const run = runHardhat(project, ["parallel-report", "--tests", "--ci"]);
      expect(run.status, run.stdout + run.stderr).to.equal(0);
      expect(run.stdout).to.include("1 passing");
      expect(run.stdout).to.include("parallel gate: passed");
      // 6 calls from 3 senders, none depending on another: conflict rate 0.
      expect(run.stdout, run.stdout).to.match(/Box\s+6\s+3\s+0\.0%/);
      expect(run.stdout).not.to.include("Box.balance");
      expect(run.stdout).not.to.include("global total");
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("a deposit() reading address(this).balance: each call depends on the previous one; the advice says so", () => {
    const project = boxProject("{ minScore: 0.5 }", READING_BOX, ETH_BOX_TEST);
    try {
      const run = runHardhat(project, ["parallel-report", "--tests", "--ci"]);
      expect(run.status, run.stdout + run.stderr).to.equal(1);
      // Calls 2–6 each read the balance the previous call (another sender) credited: 5 of 6.
      expect(run.stdout, run.stdout).to.match(/Box\s+6\s+3\s+83\.3%\s+0\.00/);
      expect(run.stdout).to.include("new contention hotspot Box.(ETH balance)");
      expect(run.stdout).to.include("stop reading address(this).balance in the hot path");
      expect(run.stdout).not.to.include("global total");
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
