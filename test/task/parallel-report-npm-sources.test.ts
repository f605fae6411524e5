import type { JsonReport, ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT, linkRepoNodeModules, runHardhat, writeProject } from "../helpers/fixture-project.ts";

/**
 * Uniswap V2 compiled from its npm sources, the way README.md ("Contracts the project did not compile")
 * documents: `solidity.npmFilesToBuild` with solc 0.5.16 from the npm `solc` package, beside the project's
 * own 0.8.28. Its build infos give full storage layouts, so every name comes from the layout (no getter
 * inference), and `totalSupply`, which UniswapV2Pair inherits from UniswapV2ERC20, is declared at the
 * parent's file and line.
 */
const CONFIG = `import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";

const require = createRequire(import.meta.url);

export default {
  plugins: [hardhatToolboxMochaEthers, hardhatParallel],
  solidity: {
    compilers: [
      { version: "0.8.28", path: require.resolve("solc/soljson.js") },
      // Uniswap V2's own compiler, from npm: "solc-0.5.16": "npm:solc@0.5.16" in package.json.
      { version: "0.5.16", path: require.resolve("solc-0.5.16/soljson.js") },
    ],
    npmFilesToBuild: ["@uniswap/v2-core/contracts/UniswapV2Factory.sol", "@uniswap/v2-core/contracts/UniswapV2Pair.sol"],
  },
};
`;

/** Swaps (three in four) and mints on one pair, each user's token transfer first, then the pair call. */
const SCENARIO = `const UNIT = 10n ** 18n;

export default {
  name: "uniswap-v2-built",
  description: "Uniswap V2 compiled from its npm sources: swaps and mints on one pair",
  defaults: { users: 8, transactions: 24, blockSize: 24 },
  async setup(ctx) {
    const { ethers, deployer, users } = ctx;
    const factory = await ethers.deployContract("UniswapV2Factory", [deployer.address]);
    const tokenA = await ethers.deployContract("Token", ["A", "A"]);
    const tokenB = await ethers.deployContract("Token", ["B", "B"]);
    await (await factory.createPair(tokenA.target, tokenB.target)).wait();
    const pair = await ethers.getContractAt("UniswapV2Pair", await factory.getPair(tokenA.target, tokenB.target));
    const [token0, token1] = BigInt(tokenA.target) < BigInt(tokenB.target) ? [tokenA, tokenB] : [tokenB, tokenA];
    for (const token of [token0, token1]) {
      await (await token.mintBatch([deployer.address, ...users.map((u) => u.address)], 10n ** 9n * UNIT)).wait();
      await (await token.transfer(pair.target, 10n ** 6n * UNIT)).wait();
    }
    await (await pair.mint(deployer.address)).wait();
    return { pair, token0, token1 };
  },
  async run(ctx, { pair, token0, token1 }) {
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      const user = ctx.users[i % ctx.users.length];
      await token0.connect(user).transfer(pair.target, 10n * UNIT, ctx.tx);
      if (i % 4 === 3) {
        await token1.connect(user).transfer(pair.target, 10n * UNIT, ctx.tx);
        await pair.connect(user).mint(user.address, ctx.tx);
      } else {
        await pair.connect(user).swap(0n, 9n * UNIT, user.address, "0x", ctx.tx);
      }
    }
  },
};
`;

/** 1-based line of the first line of an npm package's source matching `pattern`. */
const lineOf = (file: string, pattern: RegExp): number =>
  readFileSync(path.join(REPO_ROOT, "node_modules", file), "utf8")
    .split("\n")
    .findIndex((text) => pattern.test(text)) + 1;

describe("parallel-report: a dependency compiled from its npm sources (npmFilesToBuild)", function () {
  this.timeout(400_000);
  let dir: string;
  let scenario: ScenarioReport;
  let stdout: string;
  let html: string;

  before(() => {
    dir = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "hardhat.config.ts": CONFIG,
      "scenarios/uniswap-built.mjs": SCENARIO,
      "contracts/Token.sol": readFileSync(path.join(REPO_ROOT, "contracts/Token.sol"), "utf8"),
    });
    linkRepoNodeModules(dir);
    const run = runHardhat(dir, ["parallel-report", "--out", "report.json", "--html", "report.html"]);
    expect(run.status, run.stderr + run.stdout).to.equal(0);
    stdout = run.stdout;
    scenario = (JSON.parse(readFileSync(path.join(dir, "report.json"), "utf8")) as JsonReport).scenarios[0];
    html = readFileSync(path.join(dir, "report.html"), "utf8");
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("names the pair's packed reserves from its full storage layout, at its declaration", () => {
    const reserves = scenario.hotspots.find((h) => h.name === "UniswapV2Pair.reserve0+reserve1+blockTimestampLast");
    expect(reserves, JSON.stringify(scenario.hotspots.map((h) => h.name))).to.not.equal(undefined);
    const line = lineOf("@uniswap/v2-core/contracts/UniswapV2Pair.sol", /uint112 private reserve0;/);
    expect([reserves!.sourceName, reserves!.line]).to.deep.equal([
      "@uniswap/v2-core/contracts/UniswapV2Pair.sol",
      line,
    ]);
    expect(scenario.hotspots.some((h) => h.name.includes("→slot"))).to.equal(false); // no getter inference needed
  });

  it("declares an inherited variable at the parent contract's file and line", () => {
    const totalSupply = scenario.variables.find((v) => v.contract === "UniswapV2Pair" && v.variable === "totalSupply");
    expect(totalSupply, JSON.stringify(scenario.variables.map((v) => v.variable))).to.not.equal(undefined);
    const file = "@uniswap/v2-core/contracts/UniswapV2ERC20.sol";
    const line = lineOf(file, /uint\s+public totalSupply;/);
    expect([totalSupply!.sourceName, totalSupply!.line]).to.deep.equal([file, line]);
    expect(stdout).to.include(`${file}:${line}`);
    // The HTML report's hotspot excerpt is the parent's source, around that line.
    expect(html).to.include("uint  public totalSupply;");
  });
});
