import { expect } from "chai";
import { rmSync } from "node:fs";

import { reportJson, writePluginProject } from "./plugin-project.ts";

/** A constructor that stores 0 (an unchanged slot) and reads another slot of its fresh account. */
const FRESH = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
contract Fresh {
    uint256 public seed;
    uint256 public other;
    constructor(uint256 s) { seed = s; if (other == 7) seed = 1; }
}
contract FreshFactory {
    function make(uint256 s) external returns (address) { return address(new Fresh(s)); }
}
`;

const SCENARIO = `export default {
  name: "fresh",
  description: "contracts whose constructor stores 0 and reads an empty slot",
  async setup(ctx) {
    const factory = await ctx.ethers.deployContract("FreshFactory", [], ctx.deployer);
    await factory.waitForDeployment();
    return { factory };
  },
  async run(ctx, { factory }) {
    await factory.connect(ctx.users[0]).getFunction("make")(0, ctx.tx);
    await factory.connect(ctx.users[1]).getFunction("make")(5, ctx.tx);
    const Fresh = await ctx.ethers.getContractFactory("Fresh", ctx.users[2]);
    await Fresh.deploy(0, ctx.tx);
  },
};
`;

/**
 * The engine reads nothing of an account it creates; a tracer lists every slot such an account
 * looked at, with 0 before. Engine capture must list them too (produce/engine-access.ts).
 */
describe("engine capture: slots of a freshly created account", function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = writePluginProject({ "contracts/Fresh.sol": FRESH, "scenarios/fresh.mjs": SCENARIO });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("agrees with trace capture key by key (before the fix: slots 0 and 1 missing from the reads)", () => {
    const { report } = reportJson(dir, ["--verify-capture"]);
    const [scenario] = report.scenarios;
    expect(scenario.capture?.differences).to.deep.equal([]);
    expect(scenario.capture?.engineBlocks).to.equal(1);
    const [tx0, tx1, tx2] = scenario.blocks[0].transactions;
    expect([tx0, tx1, tx2].map((tx) => tx.status)).to.deep.equal([1, 1, 1]);
    expect(tx2.to).to.equal(null);
    const created = scenario.contracts.find((c) => c.name === "Fresh")!.addresses;
    expect(created).to.have.length(3);
  });
});
