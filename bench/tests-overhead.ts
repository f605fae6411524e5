/**
 * Benchmark (not a test): the cost of `parallel-report --tests` against a plain `hardhat test <runner>`
 * on the same project, for each runner (mocha, node:test) in one run.
 *
 *   node bench/tests-overhead.ts [--runs 3] [--calls 40] [--source dist|ts]
 *
 * Writes a small Hardhat 3 project into a temporary folder (this repository's Token, HotCounter and
 * ShardedCounter; the same suite of 12 tests twice, for mocha in test/mocha and for node:test in
 * test/node, each test from a `loadFixture` snapshot, sending `calls` transactions), compiles it once,
 * then, per runner, times `hardhat test <runner>` and `parallel-report --tests --test-runner <runner>`
 * alternately and prints the medians and their ratio. The plugin is loaded as users get it, compiled to
 * JavaScript (`npm run build`, dist/plugin/index.js); `--source ts` loads plugin/index.ts instead, which
 * adds the TypeScript loader's cost of every plugin module the run imports (more for `--tests`).
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import {
  REPO_ROOT,
  SOLIDITY_CONFIG,
  type CommandResult,
  linkRepoNodeModules,
  npmCli,
  runHardhat,
  runNode,
  writeProject,
} from "../test/helpers/fixture-project.ts";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    calls: { type: "string", default: "40" },
    source: { type: "string", default: "dist" },
  },
});
if (args.source !== "dist" && args.source !== "ts") throw new Error(`--source must be dist or ts (got ${args.source})`);
if (args.source === "dist") {
  const built = runNode([npmCli(), "run", "build", "--silent"], REPO_ROOT);
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
}
const pluginEntry = path.join(REPO_ROOT, args.source === "dist" ? "dist/plugin/index.js" : "plugin/index.ts");
const runs = Number(args.runs);
const calls = Number(args.calls);

/** An assertion in the runner's style: chai's expect for mocha, node:assert for node:test. */
const check = (runner: "mocha" | "nodejs", condition: string) =>
  runner === "mocha" ? `expect(${condition}).to.equal(true)` : `assert.ok(${condition})`;

/** The suite, for mocha (chai's expect) or node:test (describe/it from node:test, and its assert). */
const tests = (runner: "mocha" | "nodejs") => `${
  runner === "mocha"
    ? `import { expect } from "chai";`
    : `import assert from "node:assert/strict";\nimport { describe, it } from "node:test";`
}
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
      ${check(runner, "(await token.balanceOf(users[0].address)) > 0n")};
    });
    it("hot deposits " + t, async function () {
      const { users, hot } = await networkHelpers.loadFixture(deployed);
      for (let i = 0; i < ${calls}; i++) await (await hot.connect(users[i % users.length]).deposit()).wait();
      ${check(runner, `(await hot.depositCount()) === ${calls}n`)};
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
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import { defineConfig } from "hardhat/config";
import hardhatParallel from "${pluginEntry}";

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatNodeTestRunner, hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  paths: { tests: { mocha: "test/mocha", nodejs: "test/node" } },
});
`,
  "test/mocha/workload.test.ts": tests("mocha"),
  "test/node/workload.test.ts": tests("nodejs"),
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
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `${12 * calls} test transactions per runner, median of ${runs} runs (whole commands, start-up included; ` +
      `plugin from ${path.relative(REPO_ROOT, pluginEntry)})`,
  );
  for (const runner of ["mocha", "nodejs"]) {
    const plain: number[] = [];
    const traced: number[] = [];
    for (let r = 0; r < runs; r++) {
      plain.push(timed(["test", runner, "--no-compile"]));
      traced.push(timed(["parallel-report", "--tests", "--test-runner", runner, "--no-compile"]));
    }
    const [p, t] = [median(plain), median(traced)];
    const line = (label: string, value: string) => console.log(`${label.padEnd(46)} ${value}`);
    line(`hardhat test ${runner}`, `${(p / 1000).toFixed(2)} s`);
    line(`parallel-report --tests --test-runner ${runner}`, `${(t / 1000).toFixed(2)} s`);
    line(`overhead (${runner})`, `${(t / p).toFixed(2)}×`);
  }
} finally {
  rmSync(project, { recursive: true, force: true });
}
