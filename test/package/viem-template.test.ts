import { expect } from "chai";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { installProject, packPlugin } from "../helpers/packed-plugin.ts";
import { runHardhatCaptured as runHardhat } from "../helpers/run-captured.ts";

const TEMPLATE = path.join(import.meta.dirname, "../../node_modules/hardhat/templates/01-node-test-runner-viem");
const template = (file: string) => readFileSync(path.join(TEMPLATE, file), "utf8");

/** A contract whose every visit increments one global counter (line 5): the hotspot. */
const HOT_VISITS = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Visits {
    uint256 public total;
    mapping(address => uint256) public visitsOf;

    function visit() external {
        total += 1;
        visitsOf[msg.sender] += 1;
    }
}
`;

/** The fix: a counter per user, no global one. */
const FIXED_VISITS = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Visits {
    mapping(address => uint256) public visitsOf;

    function visit() external {
        visitsOf[msg.sender] += 1;
    }
}
`;

/** A node:test test in the template's style (viem): visits from three accounts. */
const VISITS_TEST = `import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";

describe("Visits", async function () {
  const { viem } = await network.create();

  it("counts the visits of each account", async function () {
    const [alice, bob, carol] = await viem.getWalletClients();
    const visits = await viem.deployContract("Visits");
    for (const wallet of [alice, bob, carol, alice]) {
      await visits.write.visit({ account: wallet.account });
    }
    assert.equal(await visits.read.visitsOf([alice.account.address]), 2n);
  });
});
`;

const FAILING_TEST = `import assert from "node:assert/strict";
import { it } from "node:test";

it("fails on purpose", () => assert.equal(1, 2, "deliberately wrong"));
`;

/**
 * The project `npx hardhat --init` makes for TypeScript + node:test + viem, from Hardhat's own
 * template (node_modules/hardhat/templates/01-node-test-runner-viem), with this plugin installed from
 * its `npm pack` tarball. Adapted: the installed versions instead of `workspace:` ones; solc 0.8.28 from
 * the npm `solc` package (compilers cannot be downloaded here), so Counter.sol's pragma is ^0.8.28
 * instead of ^0.8.34; no `forge-std` dependency (it comes from GitHub, unreachable here), hence no
 * contracts/Counter.t.sol; no ignition module or script (not used). Plus contracts/Visits.sol and its test.
 */
function templateProject(tarball: string) {
  const installed = (name: string) =>
    JSON.parse(readFileSync(path.join(import.meta.dirname, "../../node_modules", name, "package.json"), "utf8"))
      .version as string;
  const pinned = (names: string[]) => Object.fromEntries(names.map((name) => [name, installed(name)]));
  const pkg = JSON.parse(template("package.json"));
  pkg.devDependencies = {
    ...pinned(Object.keys(pkg.devDependencies).filter((name) => name !== "forge-std")),
    solc: installed("solc"),
    "hardhat-parallel": `file:${tarball}`,
  };
  pkg.peerDependencies = pinned(Object.keys(pkg.peerDependencies));
  const toolboxImport = `import hardhatToolboxViemPlugin from "@nomicfoundation/hardhat-toolbox-viem";`;
  const config = template("hardhat.config.ts")
    .replace(
      toolboxImport,
      [
        `import { createRequire } from "node:module";`,
        toolboxImport,
        `import hardhatParallel from "hardhat-parallel";`,
        `const solc = createRequire(import.meta.url).resolve("solc/soljson.js");`,
      ].join("\n"),
    )
    .replace("plugins: [hardhatToolboxViemPlugin]", "plugins: [hardhatToolboxViemPlugin, hardhatParallel]")
    .replaceAll(`version: "0.8.34",`, `version: "0.8.28",\n        path: solc,`);
  expect(config).to.include("hardhatParallel]").and.include("path: solc");
  return {
    "package.json": JSON.stringify(pkg, null, 2),
    "hardhat.config.ts": config,
    "tsconfig.json": template("tsconfig.json"),
    "contracts/Counter.sol": template("contracts/Counter.sol").replace("^0.8.34", "^0.8.28"),
    "test/Counter.ts": template("test/Counter.ts"),
    "contracts/Visits.sol": HOT_VISITS,
    "test/Visits.ts": VISITS_TEST,
  };
}

describe("npm package in the default `hardhat --init` project (node:test + viem)", function () {
  this.timeout(600_000);
  let project: string;
  let tarballDir: string;

  before(function () {
    const { tarball, dir } = packPlugin();
    tarballDir = dir;
    project = installProject(templateProject(tarball), "hardhat-parallel-viem-template-");
  });
  after(() => {
    for (const dir of [project, tarballDir]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("--tests --ci runs the node:test tests and fails on the global counter, at its declaration", () => {
    const result = runHardhat(project, ["parallel-report", "--tests", "--ci"]);
    expect(result.status, result.stderr).to.equal(1);
    expect(result.stdout).to.include("Running node:test tests");
    expect(result.stdout).to.match(/Should emit the Increment event/);
    expect(result.stdout).to.match(/1\. Visits\.total\s+contracts\/Visits\.sol:5/);
    expect(result.stdout).to.include("parallel gate: 1 violation");
    expect(result.stdout).to.match(/✗ .*Visits\.total.*contracts\/Visits\.sol:5/);
    expect(result.stderr).not.to.include("The test suite failed");
  });

  it("passes with the fixed contract (a counter per user)", () => {
    writeFileSync(path.join(project, "contracts/Visits.sol"), FIXED_VISITS);
    const result = runHardhat(project, ["parallel-report", "--tests", "--ci"]);
    expect(result.status, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).not.to.include("Visits.total");
    expect(result.stdout).to.include("parallel gate: passed");
  });

  it("a failing node:test test is reported as usual and the exit code is 1", () => {
    writeFileSync(path.join(project, "test/Failing.ts"), FAILING_TEST);
    try {
      const result = runHardhat(project, ["parallel-report", "--tests", "--ci", "--no-compile"]);
      expect(result.status).to.equal(1);
      expect(result.stdout).to.include("fails on purpose");
      expect(result.stdout).to.include("deliberately wrong");
      expect(result.stdout).to.include("parallel gate: passed");
      expect(result.stderr).to.include("The test suite failed (1 failing): exit code 1");
    } finally {
      rmSync(path.join(project, "test/Failing.ts"));
    }
  });
});
