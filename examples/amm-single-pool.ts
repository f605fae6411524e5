/**
 * amm-single-pool — many users trading on one constant-product pool.
 *
 * Every swap reads and writes the pool's reserves (one packed slot) and its balances in both
 * tokens, and its output price depends on the reserves the previous swap left behind. All swaps
 * in a block therefore form one chain of read-after-write dependencies: with 50 swaps in a block,
 * swap k depends on swap k-1 for every k, and a parallel EVM runs the block sequentially. The
 * first swap of each block also writes the price accumulators (`price0CumulativeLast`,
 * `price1CumulativeLast`), which later swaps in the block leave alone: the report shows slightly
 * different access sets (and gas) for the first swap.
 *
 * Transaction `i` is sent by `users[i % users]` (distinct senders within a block while
 * `blockSize <= users`), in a random direction, for a random amount between 100 and 1,000 tokens,
 * against a pool seeded with 10,000,000 of each token. `minAmountOut` is the exact quote from a
 * local copy of the pool's maths (following the sends in order) less 1%, so no swap reverts.
 */
import type { Contract, Signer } from "ethers";

import { defineScenario } from "../plugin/scenario.ts";
import { amountOut } from "./_amount-out.ts";
import { mintInBatches } from "./_mint-in-batches.ts";

const UNIT = 10n ** 18n;
const LIQUIDITY = 10_000_000n * UNIT;
const MIN_SWAP = 100;
const MAX_SWAP = 1_000;

interface State {
  pair: Contract;
  token0: string;
  token1: string;
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;

export default defineScenario<State>({
  name: "amm-single-pool",
  description: "Swaps on one AMM pool from distinct users: every swap depends on the previous one",
  defaults: { users: 100, transactions: 100, blockSize: 50 },

  async setup(ctx) {
    const { ethers, deployer, users } = ctx;
    const tokenA = await ethers.deployContract("Token", ["Wrapped Ether", "WETH"], deployer);
    const tokenB = await ethers.deployContract("Token", ["Test USD", "TUSD"], deployer);
    const factory = await ethers.deployContract("PairFactory", [], deployer);
    await Promise.all([tokenA, tokenB, factory].map((c) => c.waitForDeployment()));

    await (await factory.createPair(tokenA.target, tokenB.target)).wait();
    const pair = await ethers.getContractAt("Pair", await factory.getPair(tokenA.target, tokenB.target), deployer);

    // Seed the pool: mint both tokens straight to it, then add them as liquidity.
    await (await tokenA.mint(pair.target, LIQUIDITY)).wait();
    await (await tokenB.mint(pair.target, LIQUIDITY)).wait();
    await (await pair.addLiquidity(0n, 0n, deployer.address)).wait();

    // Fund the users in both tokens (enough for every swap they may be asked to make) and approve.
    const swapsPerUser = BigInt(Math.ceil(ctx.sizes.transactions / users.length));
    const perUser = swapsPerUser * BigInt(MAX_SWAP) * UNIT;
    const addresses = users.map((u) => u.address);
    await mintInBatches(tokenA, addresses, perUser);
    await mintInBatches(tokenB, addresses, perUser);
    for (const user of users) {
      await (await as(tokenA, user).approve(pair.target, ethers.MaxUint256)).wait();
      await (await as(tokenB, user).approve(pair.target, ethers.MaxUint256)).wait();
    }
    return { pair, token0: await pair.token0(), token1: await pair.token1() };
  },

  async run(ctx, { pair, token0, token1 }) {
    const { users } = ctx;
    let [reserve0, reserve1] = await pair.getReserves();
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      const user = users[i % users.length];
      const zeroForOne = ctx.random() < 0.5;
      const amountIn = BigInt(MIN_SWAP + ctx.randomInt(MAX_SWAP - MIN_SWAP + 1)) * UNIT;
      const out = zeroForOne ? amountOut(amountIn, reserve0, reserve1) : amountOut(amountIn, reserve1, reserve0);
      if (zeroForOne) [reserve0, reserve1] = [reserve0 + amountIn, reserve1 - out];
      else [reserve0, reserve1] = [reserve0 - out, reserve1 + amountIn];
      await as(pair, user).swap(amountIn, zeroForOne ? token0 : token1, (out * 99n) / 100n, user.address, ctx.tx);
    }
  },
});
