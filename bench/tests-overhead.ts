/**
 * Benchmark (not a test): the cost of `parallel-report --tests` against a plain `hardhat test mocha`
 * on the same project, in one run.
 *
 *   node bench/tests-overhead.ts [--runs 3] [--calls 40]
 *
 * Writes a small Hardhat 3 project into a temporary folder (this repository's Token, HotCounter and
 * ShardedCounter; a mocha suite of 12 tests, each from a `loadFixture` snapshot, sending `calls`
 * transactions), compiles it once, then times both commands alternately and prints the medians and
 * their ratio.
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import {
  REPO_ROOT,
  SOLIDITY_CONFIG,
  type CommandResult,
  linkRepoNodeModules,
  runHardhat,
  writeProject,
} from "../test/helpers/fixture-project.ts";

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "3" }, calls: { type: "string", default: "40" } },
});
const runs = Number(args.runs);
const calls = Number(args.calls);

const TESTS = `import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();

async function deployed() {
  const [owner, ...users] = await ethers.getSigners();
  const token = await ethers.deployContract("Token", ["Test USD", "TUSD"]);
  const hot = await ethers.deployContract("HotCounter");
  const sharded = await ethers.deployContract("ShardedCounter");
  await (await token.mintBatch(users.map((u) => u.address), 10n ** 24n)).wait();
  return { owner, users, token, hot, sharded };
}

describe("workload", function () {
  for (let t = 0; t < 4; t++) {
    it("transfers " + t, async function () {
      const { users, token } = await networkHelpers.loadFixture(deployed);
      for (let i = 0; i < ${calls}; i++)
        await (await token.connect(users[i % users.length]).transfer(users[(i + 1) % users.length].address, 1n)).wait();
      expect(await token.balanceOf(users[0].address)).to.be.greaterThan(0n);
    });
    it("hot deposits " + t, async function () {
      const { users, hot } = await networkHelpers.loadFixture(deployed);
      for (let i = 0; i < ${calls}; i++) await (await hot.connect(users[i % users.length]).deposit()).wait();
      expect(await hot.depositCount()).to.equal(${calls}n);
    });
    it("sharded deposits " + t, async function () {
      const { users, sharded } = await networkHelpers.loadFixture(deployed);
      for (let i = 0; i < ${calls}; i++) await (await sharded.connect(users[i % users.length]).deposit()).wait();
    });
  }
});
`;

const project = writeProject({
  "package.json": JSON.stringify({ name: "tests-overhead", private: true, type: "module" }),
  "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";
import hardhatParallel from "${path.join(REPO_ROOT, "plugin/index.ts")}";

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
});
`,
  "test/workload.test.ts": TESTS,
});
linkRepoNodeModules(project);
mkdirSync(path.join(project, "contracts"));
for (const name of ["Token", "HotCounter", "ShardedCounter"]) {
  copyFileSync(path.join(REPO_ROOT, "contracts", `${name}.sol`), path.join(project, "contracts", `${name}.sol`));
}

function timed(command: string[]): number {
  const start = performance.now();
  const result: CommandResult = runHardhat(project, command);
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return ms;
}

try {
  timed(["build", "--quiet"]);
  const plain: number[] = [];
  const traced: number[] = [];
  for (let r = 0; r < runs; r++) {
    plain.push(timed(["test", "mocha", "--no-compile"]));
    traced.push(timed(["parallel-report", "--tests", "--no-compile"]));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [p, t] = [median(plain), median(traced)];
  console.log(`${12 * calls} test transactions, median of ${runs} runs (whole commands, Hardhat start-up included)`);
  console.log(`hardhat test mocha            ${(p / 1000).toFixed(2)} s`);
  console.log(`parallel-report --tests       ${(t / 1000).toFixed(2)} s`);
  console.log(`overhead                      ${(t / p).toFixed(2)}×`);
} finally {
  rmSync(project, { recursive: true, force: true });
}
