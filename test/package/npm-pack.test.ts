import { expect } from "chai";

import { expectClose } from "../helpers/expect-close.ts";
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT, npmCli, runHardhat, runNode, writeProject } from "../helpers/fixture-project.ts";

/**
 * The plugin as users get it: `npm pack` (which compiles plugin/ to JavaScript), installed into a
 * separate Hardhat 3 project that has its own contract and its own scenario, where
 * `npx hardhat parallel-report` must run.
 */
describe("npm package", function () {
  this.timeout(300_000);
  let project: string;
  let tarballDir: string;

  before(function () {
    tarballDir = writeProject({}, "hardhat-parallel-pack-");
    const npm = npmCli();
    const packed = runNode([npm, "pack", "--pack-destination", tarballDir, "--silent"], REPO_ROOT);
    expect(packed.status, packed.stderr).to.equal(0);
    const tarball = path.join(
      tarballDir,
      readdirSync(tarballDir).find((f) => f.endsWith(".tgz"))!,
    );
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" });
    expect(listing).to.include("package/dist/plugin/index.js");
    expect(listing).not.to.match(/package\/plugin\/.*\.ts\n/);

    project = writeProject(consumerProject(tarball), "hardhat-parallel-consumer-");
    const installed = runNode([npm, "install", "--prefer-offline", "--no-audit", "--no-fund"], project);
    expect(installed.status, installed.stderr).to.equal(0);
  });

  after(() => {
    for (const dir of [project, tarballDir]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("lists the task's options in --help", () => {
    const help = runHardhat(project, ["parallel-report", "--help"]);
    expect(help.status).to.equal(0);
    for (const option of ["--scenario", "--block-size", "--out", "--json"]) expect(help.stdout).to.include(option);
  });

  it("runs the project's own scenario on its own contract", () => {
    const result = runHardhat(project, ["parallel-report", "--json"]);
    expect(result.status, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout);
    expect(report.schemaVersion).to.equal(1);
    const [scenario] = report.scenarios;
    expect(scenario.scenario).to.equal("ballot");
    expect(scenario.summary.transactions).to.equal(12);
    // Every vote increments the global tally: 11 of 12 transactions depend on the one before.
    expectClose(scenario.summary.conflictRate, 11 / 12, 1e-9);
    const top = scenario.hotspots[0];
    expect(top.name).to.equal("Ballot.totalVotes");
    expect([top.sourceName, top.line]).to.deep.equal(["contracts/Ballot.sol", 6]);
  });

  it("replays the blocks on the worker pool from the compiled package (--workers 2)", () => {
    const result = runHardhat(project, ["parallel-report", "--workers", "2", "--json", "--no-compile"]);
    expect(result.status, result.stderr).to.equal(0);
    const { execution } = JSON.parse(result.stdout).scenarios[0];
    expect(execution.workers).to.equal(2);
    expect(execution.totals.transactions).to.equal(12);
    expect(execution.totals.mismatches).to.equal(0);
  });
});

function consumerProject(tarball: string) {
  return {
    "package.json": JSON.stringify(
      {
        name: "ballot-project",
        private: true,
        type: "module",
        devDependencies: { hardhat: "3.18.0", solc: "0.8.28", "hardhat-parallel": `file:${tarball}` },
      },
      null,
      2,
    ),
    "hardhat.config.ts": `import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";
import hardhatParallel from "hardhat-parallel";

export default defineConfig({
  plugins: [hardhatParallel],
  solidity: { version: "0.8.28", path: createRequire(import.meta.url).resolve("solc/soljson.js") },
});
`,
    "contracts/Ballot.sol": `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Ballot {
    mapping(address => uint256) public votesOf;
    uint256 public totalVotes;

    function vote() external {
        votesOf[msg.sender] += 1;
        totalVotes += 1;
    }
}
`,
    "scenarios/ballot.ts": `import { defineScenario } from "hardhat-parallel/scenario";

export default defineScenario({
  name: "ballot",
  description: "every user votes once; a global tally serialises the votes",
  defaults: { users: 12, transactions: 12, blockSize: 12 },
  async setup(ctx) {
    const ballot = await ctx.ethers.deployContract("Ballot", [], ctx.deployer);
    await ballot.waitForDeployment();
    return { ballot };
  },
  async run(ctx, { ballot }) {
    for (const user of ctx.users) await ballot.connect(user).getFunction("vote")(ctx.tx);
  },
});
`,
  };
}
