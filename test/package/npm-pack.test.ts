import { expect } from "chai";

import { expectClose } from "../helpers/expect-close.ts";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { runHardhat } from "../helpers/fixture-project.ts";
import { installProject, packPlugin } from "../helpers/packed-plugin.ts";
import { launchBrowser, openPage } from "../helpers/browser.ts";
import { graphOf, waitForGraph } from "../html/page-driver.ts";

/**
 * The plugin as users get it: `npm pack` (which compiles plugin/ to JavaScript), installed into a
 * separate Hardhat 3 project that has its own contract and its own scenario, where
 * `npx hardhat parallel-report` must run.
 */
describe("npm package", function () {
  this.timeout(300_000);
  let project: string;
  let tarballDir: string;
  let listing: string;

  before(function () {
    let tarball: string;
    ({ tarball, dir: tarballDir } = packPlugin());
    listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" });
    expect(listing).to.include("package/dist/plugin/index.js");
    expect(listing).not.to.match(/package\/plugin\/.*\.ts\n/);
    project = installProject(consumerProject(tarball), "hardhat-parallel-consumer-");
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

  it("writes the HTML report from the compiled package: the page's script and libraries inlined", async () => {
    // The build copies the page script's parts (plain JavaScript, not compiled) next to the compiled page-html.js.
    for (const part of ["dom.js", "graph.js", "page.js", "report.css"]) {
      expect(listing).to.include(`package/dist/plugin/internal/html/client/${part}`);
    }
    const result = runHardhat(project, ["parallel-report", "--html", "report.html", "--no-compile"]);
    expect(result.status, result.stderr).to.equal(0);
    const file = path.join(project, "report.html");
    expect(existsSync(file)).to.equal(true);
    const html = readFileSync(file, "utf8");
    expect(html).to.include("default-src 'none'");
    expect(html).to.include("cytoscape"); // cytoscape and cytoscape-dagre
    expect(html).to.include("uPlot");
    expect(html).to.include("window.hardhatParallelReport"); // the page script
    const data = JSON.parse(/<script type="application\/json" id="page-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data.scenarios.map((s: { name: string }) => s.name)).to.deep.equal(["ballot"]);
    expect(data.scenarios[0].hotspots[0].name).to.equal("Ballot.totalVotes");
    expect(data.scenarios[0].hotspots[0].excerpt.lines).to.include("    uint256 public totalVotes;");
    // And the page runs: it draws the block's graph without an error or a request.
    const browser = await launchBrowser();
    try {
      const { page, watch } = await openPage(browser, `file://${file}`);
      await waitForGraph(page);
      expect(await graphOf(page).then((g) => g.nodes.length)).to.equal(12);
      expect(watch).to.deep.equal({ requests: [], errors: [] });
    } finally {
      await browser.close();
    }
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
