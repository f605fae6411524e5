import type { JsonReport, ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";

import {
  REPO_ROOT,
  SOLIDITY_CONFIG,
  linkRepoNodeModules,
  runHardhat,
  writeProject,
} from "../helpers/fixture-project.ts";

/**
 * Uniswap V2 from its npm artifacts (the project compiles none of it): factory, two v2-periphery test
 * ERC20s, WETH9, Router02; a pair with liquidity; swaps and liquidity through the router from several users. The
 * router's INIT_CODE_HASH matches the npm pair bytecode, so its pair addresses are right.
 */
const UNISWAP_SCENARIO = `import { readFileSync } from "node:fs";
import { ContractFactory, MaxUint256 } from "ethers";

const load = (pkg, name) => JSON.parse(readFileSync(\`node_modules/@uniswap/\${pkg}/build/\${name}.json\`, "utf8"));
const deploy = async (pkg, name, signer, ...args) => {
  const json = load(pkg, name);
  const code = json.evm.bytecode.object;
  const contract = await new ContractFactory(json.abi, code.startsWith("0x") ? code : "0x" + code, signer).deploy(...args);
  await contract.waitForDeployment();
  return contract;
};
const UNIT = 10n ** 18n;

export default {
  name: "uniswap-v2-npm",
  description: "Uniswap V2 from its npm artifacts: swaps through the router",
  defaults: { users: 8, transactions: 24, blockSize: 12 },
  async setup(ctx) {
    const { deployer, users } = ctx;
    const factory = await deploy("v2-core", "UniswapV2Factory", deployer, deployer.address);
    const tokenA = await deploy("v2-periphery", "ERC20", deployer, 10n ** 12n * UNIT);
    const tokenB = await deploy("v2-periphery", "ERC20", deployer, 10n ** 12n * UNIT);
    const weth = await deploy("v2-periphery", "WETH9", deployer);
    const router = await deploy("v2-periphery", "UniswapV2Router02", deployer, factory.target, weth.target);
    await (await factory.createPair(tokenA.target, tokenB.target)).wait();
    for (const token of [tokenA, tokenB]) await (await token.approve(router.target, MaxUint256)).wait();
    const deadline = 2n ** 40n;
    const liquidity = 10n ** 7n * UNIT;
    await (await router.addLiquidity(tokenA.target, tokenB.target, liquidity, liquidity, 0n, 0n, deployer.address, deadline)).wait();
    for (const user of users) {
      for (const token of [tokenA, tokenB]) {
        await (await token.transfer(user.address, 10n ** 5n * UNIT)).wait();
        await (await token.connect(user).approve(router.target, MaxUint256)).wait();
      }
    }
    return { router, path: [tokenA.target, tokenB.target], deadline };
  },
  async run(ctx, { router, path, deadline }) {
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      const user = ctx.users[i % ctx.users.length];
      if (i % 4 === 3) {
        const [a, b] = path;
        await router.connect(user).addLiquidity(a, b, 50n * UNIT, 50n * UNIT, 0n, 0n, user.address, deadline, ctx.tx);
        continue;
      }
      const route = i % 2 === 0 ? path : [...path].reverse();
      await router.connect(user).swapExactTokensForTokens(100n * UNIT, 0n, route, user.address, deadline, ctx.tx);
    }
  },
};
`;

describe("parallel-report: contracts from parallel.artifacts (Uniswap V2 npm build)", function () {
  this.timeout(300_000);
  let dir: string;
  let scenario: ScenarioReport;

  before(() => {
    dir = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatToolboxMochaEthers, hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  parallel: { artifacts: ["node_modules/@uniswap/v2-core/build", "node_modules/@uniswap/v2-periphery/build"] },
};
`,
      "scenarios/uniswap.mjs": UNISWAP_SCENARIO,
    });
    linkRepoNodeModules(dir);
    const out = path.join(dir, "report.json");
    const run = runHardhat(dir, ["parallel-report", "--scenario", "uniswap", "--out", out]);
    expect(run.status, run.stderr + run.stdout).to.equal(0);
    scenario = (JSON.parse(readFileSync(out, "utf8")) as JsonReport).scenarios[0];
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("names the contracts and their functions from the artifacts' ABIs", () => {
    expect(scenario.contracts.map((c) => c.name)).to.include.members([
      "UniswapV2Pair",
      "UniswapV2Router02",
      "UniswapV2Factory",
      "ERC20",
    ]);
    expect(JSON.stringify(scenario)).to.not.match(/"0x[0-9a-f]{40}\.0x[0-9a-f]{8}"/); // no address.selector
    expect(scenario.functions.map((f) => f.name)).to.include.members([
      "UniswapV2Pair.swap(uint256,uint256,address,bytes)",
      "UniswapV2Pair.getReserves()",
      "UniswapV2Router02.swapExactTokensForTokens(uint256,uint256,address[],address,uint256)",
      "UniswapV2Router02.addLiquidity(address,address,uint256,uint256,uint256,uint256,address,uint256)",
      "UniswapV2Factory.getPair(address,address)",
    ]);
  });

  it("names the reserves slot after getReserves() and the pair's token balances with the pair as the key", () => {
    const top = Math.max(...scenario.hotspots.map((h) => h.dependencies));
    const reserves = scenario.hotspots.find((h) => h.name === "UniswapV2Pair.getReserves()→slot 8")!;
    expect(reserves.dependencies).to.equal(top); // among the top: every swap and mint chains on it
    expect(reserves.sourceName).to.equal("node_modules/@uniswap/v2-core/build/UniswapV2Pair.json");
    const pairBalance = "ERC20.balanceOf(address)→slot 1[UniswapV2Pair]";
    expect(scenario.hotspots.filter((h) => h.name === pairBalance)).to.have.length(2); // one per token
    expect(scenario.hotspots.every((h) => !/^0x[0-9a-f]{40}\.0x/.test(h.name))).to.equal(true);
  });
});
