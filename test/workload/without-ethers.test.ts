import { expect } from "chai";
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT, SOLIDITY_CONFIG, writeProject } from "../helpers/fixture-project.ts";
import { ETHERS_HOT_COUNTER, VIEM_HOT_COUNTER, hardhatIn, reportIn } from "./viem-project.ts";

const ETHERS = "hardhat-ethers";

/**
 * A viem-only project: a copy of plugin/ (so that packages resolve from the project) and a
 * node_modules of links to the repository's packages, @nomicfoundation/hardhat-ethers left out.
 */
function viemOnlyProject(): string {
  const dir = writeProject({
    "package.json": JSON.stringify({ type: "module" }),
    "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import hardhatParallel from "./plugin/index.ts";
export default {
  plugins: [hardhatViem, hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  parallel: { scenariosDir: "scenarios" },
};
`,
    "scenarios/hot-counter-viem.ts": VIEM_HOT_COUNTER.replace(`${REPO_ROOT}/plugin/`, "../plugin/"),
    "scenarios/hot-counter.ts": ETHERS_HOT_COUNTER,
  });
  cpSync(path.join(REPO_ROOT, "plugin"), path.join(dir, "plugin"), { recursive: true });
  cpSync(path.join(REPO_ROOT, "contracts/HotCounter.sol"), path.join(dir, "contracts/HotCounter.sol"));
  const from = path.join(REPO_ROOT, "node_modules");
  const to = path.join(dir, "node_modules");
  mkdirSync(path.join(to, "@nomicfoundation"), { recursive: true });
  for (const name of readdirSync(from)) {
    if (name !== "@nomicfoundation") symlinkSync(path.join(from, name), path.join(to, name));
  }
  for (const name of readdirSync(path.join(from, "@nomicfoundation"))) {
    if (name === ETHERS) continue;
    symlinkSync(path.join(from, "@nomicfoundation", name), path.join(to, "@nomicfoundation", name));
  }
  return dir;
}

/** Without hardhat-ethers installed the plugin loads, ctx.viem works and ctx.ethers names the package. */
describe("a project without hardhat-ethers", function () {
  this.timeout(240_000);
  let dir: string;

  before(() => {
    dir = viemOnlyProject();
    const build = hardhatIn(dir, ["build"]);
    expect(build.status, build.stderr).to.equal(0);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("runs a viem scenario", () => {
    const sizes = ["--users", "4", "--transactions", "8", "--block-size", "4"];
    const { report } = reportIn(dir, ["--scenario", "hot-counter-viem", "--no-compile", ...sizes]);
    expect(report.scenarios[0].blocks.map((b) => b.transactions.length)).to.deep.equal([4, 4]);
    expect(report.scenarios[0].summary.dependentTransactions).to.equal(6);
  });

  it("an ethers scenario fails with one line naming the package, exit 1", () => {
    const run = hardhatIn(dir, ["parallel-report", "--scenario", "hot-counter", "--no-compile", "--users", "2"]);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include(
      'Error: Scenario "hot-counter": ctx.ethers needs @nomicfoundation/hardhat-ethers: install it',
    );
  });
});
