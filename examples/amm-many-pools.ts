/**
 * amm-many-pools — the same kind of swaps as `amm-single-pool`, spread over many pools.
 *
 * Pools share nothing but token contracts, and there each pool (and each user) has its own
 * balance slot, so swaps on different pools are independent. Only swaps that land on the same
 * pool in the same block conflict (through its reserves and balances). With P pools and B swaps
 * per block spread uniformly, about B - P·(1 - (1 - 1/P)^B) swaps per block share a pool with an
 * earlier one (≈ 37 of 100 for 100 pools): the report should show short dependency chains instead
 * of one long one. This is how real DEX traffic parallelizes: hot pairs conflict, the long tail
 * does not.
 *
 * Pools: `min(100, users)`, one per token pair over the fewest tokens that give that many pairs
 * (15 tokens for 100 pools), each seeded with 1,000,000 of each token. Transaction `i` is sent by
 * `users[i % users]` on a pool drawn at random, in a random direction, for 10–100 tokens. The whole
 * plan is drawn in `setup`, so users get only the balances and approvals their swaps need.
 * `minAmountOut` is the exact quote from a local copy of each pool's maths, less 1%.
 */
import type { Contract, Signer } from "ethers";

import { defineScenario } from "../plugin/scenario.ts";
import { amountOut } from "./_amount-out.ts";
import { mintInBatches } from "./_mint-in-batches.ts";

const UNIT = 10n ** 18n;
const LIQUIDITY = 1_000_000n * UNIT;
const MIN_SWAP = 10;
const MAX_SWAP = 100;

interface Swap {
  user: number;
  pool: number;
  tokenIn: string;
  amountIn: bigint;
  minAmountOut: bigint;
}

interface State {
  pairs: Contract[];
  plan: Swap[];
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;

export default defineScenario<State>({
  name: "amm-many-pools",
  description: "Swaps spread at random over many AMM pools: only swaps on the same pool conflict",
  defaults: { users: 100, transactions: 200, blockSize: 100 },

  async setup(ctx) {
    const { ethers, deployer, users } = ctx;
    const poolCount = Math.min(100, users.length);
    let tokenCount = 2;
    while ((tokenCount * (tokenCount - 1)) / 2 < poolCount) tokenCount++;

    const tokens: Contract[] = [];
    for (let t = 0; t < tokenCount; t++) {
      const token = await ethers.deployContract("Token", [`Token ${t}`, `TK${t}`], deployer);
      await token.waitForDeployment();
      tokens.push(token);
    }
    const factory = await ethers.deployContract("PairFactory", [], deployer);
    await factory.waitForDeployment();

    // One pool per token pair (a, b), a < b, until there are `poolCount`.
    const pairs: Contract[] = [];
    const poolsOfToken: string[][] = tokens.map(() => []);
    for (let a = 0; a < tokenCount && pairs.length < poolCount; a++) {
      for (let b = a + 1; b < tokenCount && pairs.length < poolCount; b++) {
        await (await factory.createPair(tokens[a].target, tokens[b].target)).wait();
        const address: string = await factory.getPair(tokens[a].target, tokens[b].target);
        pairs.push(await ethers.getContractAt("Pair", address, deployer));
        poolsOfToken[a].push(address);
        poolsOfToken[b].push(address);
      }
    }
    // Seed every pool: mint both tokens straight to it, then add them as liquidity.
    for (let t = 0; t < tokenCount; t++) {
      await mintInBatches(tokens[t], poolsOfToken[t], LIQUIDITY);
    }
    for (const pair of pairs) await (await pair.addLiquidity(0n, 0n, deployer.address)).wait();

    // Draw the plan, quoting each swap against a local copy of its pool's reserves.
    const tokenIndex = new Map(tokens.map((t, i) => [String(t.target), i]));
    const pools = await Promise.all(
      pairs.map(async (p) => ({
        token0: String(await p.token0()),
        token1: String(await p.token1()),
        r0: LIQUIDITY,
        r1: LIQUIDITY,
      })),
    );
    const plan: Swap[] = [];
    const needs = new Map<string, bigint>(); // `${user}/${token}` -> amount
    const approvals = new Set<string>(); // `${user}/${token}/${pool}`
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      const user = i % users.length;
      const pool = ctx.randomInt(pairs.length);
      const p = pools[pool];
      const zeroForOne = ctx.random() < 0.5;
      const amountIn = BigInt(MIN_SWAP + ctx.randomInt(MAX_SWAP - MIN_SWAP + 1)) * UNIT;
      const out = zeroForOne ? amountOut(amountIn, p.r0, p.r1) : amountOut(amountIn, p.r1, p.r0);
      if (zeroForOne) [p.r0, p.r1] = [p.r0 + amountIn, p.r1 - out];
      else [p.r0, p.r1] = [p.r0 - out, p.r1 + amountIn];
      const tokenIn = zeroForOne ? p.token0 : p.token1;
      plan.push({ user, pool, tokenIn, amountIn, minAmountOut: (out * 99n) / 100n });
      const t = tokenIndex.get(tokenIn)!;
      needs.set(`${user}/${t}`, (needs.get(`${user}/${t}`) ?? 0n) + amountIn);
      approvals.add(`${user}/${t}/${pool}`);
    }

    // Fund and approve exactly what the plan needs.
    for (const [key, amount] of needs) {
      const [user, t] = key.split("/").map(Number);
      await (await tokens[t].mint(users[user].address, amount)).wait();
    }
    for (const key of approvals) {
      const [user, t, pool] = key.split("/").map(Number);
      await (await as(tokens[t], users[user]).approve(pairs[pool].target, ethers.MaxUint256)).wait();
    }
    return { pairs, plan };
  },

  async run(ctx, { pairs, plan }) {
    for (const s of plan) {
      const user = ctx.users[s.user];
      await as(pairs[s.pool], user).swap(s.amountIn, s.tokenIn, s.minAmountOut, user.address, ctx.tx);
    }
  },
});
