/**
 * mixed-defi — a block that looks like real DeFi traffic: transfers, swaps on a few pools,
 * lending, staking and counter deposits, interleaved.
 *
 * What it shows: conflicts cluster by contract. Transfers are mostly independent (except when the
 * recipient is active elsewhere in the block); swaps conflict per pool, with the busiest pool
 * (WETH/TUSD, half of all swaps) forming the longest chain; lending actions serialize on the
 * pool's totals; staking actions on `totalStaked` and the contract's token balances; counter
 * deposits on `HotCounter`'s globals. The critical path of the block is the longest of these
 * chains, not the whole block — the report's hotspot list says which contract to fix first.
 *
 * Each user gets one role at random in set-up (so only that role's funding and approvals are
 * needed): payer 30% (TUSD transfers to a random user), trader 30% (swaps on the WETH/TUSD pool
 * 50%, WETH/DAI 25%, TUSD/DAI 25%, random direction, 1–10 WETH worth), lender 15% (deposit,
 * borrow, repay, withdraw TUSD on the lending pool, as in `lending-mix`), staker 15% (stake,
 * withdraw, getReward, as in `staking`) and depositor 10% (`HotCounter.deposit()`). Transaction
 * `i` is sent by `users[i % users]` and does one action of that user's role.
 */
import type { Contract, Signer } from "ethers";

import { defineScenario } from "../plugin/scenario.ts";
import { amountOut } from "./_amount-out.ts";
import { mintInBatches } from "./_mint-in-batches.ts";

const UNIT = 10n ** 18n;
const ROLES = ["payer", "trader", "lender", "staker", "depositor"] as const;
const ROLE_WEIGHTS = [0.3, 0.3, 0.15, 0.15, 0.1];
type Role = (typeof ROLES)[number];

/** Pools as [tokenA, tokenB, chance of being picked for a swap]. Token 0 = WETH, 1 = TUSD, 2 = DAI. */
const POOLS: [number, number, number][] = [
  [0, 1, 0.5],
  [0, 2, 0.25],
  [1, 2, 0.25],
];
/** Token prices in TUSD: pools start at WETH = 2,000 TUSD = 2,000 DAI. */
const PRICES = [2_000n, 1n, 1n];
/** Each pool side holds 5,000 WETH worth (10,000,000 TUSD). */
const POOL_SIDE_VALUE = 5_000n * PRICES[0];

interface Pool {
  pair: Contract;
  token0: string;
  token1: string;
  r0: bigint;
  r1: bigint;
}

interface State {
  roles: Role[];
  tokens: Contract[];
  pools: Pool[];
  lendingPool: Contract;
  staking: Contract;
  counter: Contract;
  deposits: bigint[];
  debts: bigint[];
  stakes: bigint[];
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;
const min = (a: bigint, b: bigint) => (a < b ? a : b);

function pick(weights: number[], r: number): number {
  for (let i = 0; i < weights.length; i++) {
    if (r < weights[i]) return i;
    r -= weights[i];
  }
  return weights.length - 1;
}

export default defineScenario<State>({
  name: "mixed-defi",
  description: "A mixed DeFi block: transfers, swaps on 3 pools, lending, staking and counter deposits",
  defaults: { users: 100, transactions: 200, blockSize: 100 },

  async setup(ctx) {
    const { ethers, deployer, users } = ctx;
    const deploy = async (name: string, args: unknown[]) => {
      const c = await ethers.deployContract(name, args, deployer);
      await c.waitForDeployment();
      return c;
    };
    const tokens = [
      await deploy("Token", ["Wrapped Ether", "WETH"]),
      await deploy("Token", ["Test USD", "TUSD"]),
      await deploy("Token", ["Test DAI", "DAI"]),
    ];
    const stakeToken = await deploy("Token", ["Stake Token", "STK"]);
    const rewardToken = await deploy("Token", ["Reward Token", "RWD"]);
    const factory = await deploy("PairFactory", []);
    const lendingPool = await deploy("LendingPool", [tokens[1].target]);
    const staking = await deploy("StakingRewards", [stakeToken.target, rewardToken.target]);
    const counter = await deploy("HotCounter", []);

    // Pools, seeded at WETH = 2,000 TUSD = 2,000 DAI.
    const pools: Pool[] = [];
    for (const [a, b] of POOLS) {
      await (await factory.createPair(tokens[a].target, tokens[b].target)).wait();
      const pair = await ethers.getContractAt(
        "Pair",
        await factory.getPair(tokens[a].target, tokens[b].target),
        deployer,
      );
      await (await tokens[a].mint(pair.target, (POOL_SIDE_VALUE / PRICES[a]) * UNIT)).wait();
      await (await tokens[b].mint(pair.target, (POOL_SIDE_VALUE / PRICES[b]) * UNIT)).wait();
      await (await pair.addLiquidity(0n, 0n, deployer.address)).wait();
      const [r0, r1] = await pair.getReserves();
      pools.push({ pair, token0: await pair.token0(), token1: await pair.token1(), r0, r1 });
    }

    // Rewards for stakers: 1,000,000 RWD over 30 days.
    await (await rewardToken.mint(staking.target, 1_000_000n * UNIT)).wait();
    await (await staking.notifyRewardAmount(1_000_000n * UNIT, 30n * 24n * 3600n)).wait();

    const roles = users.map(() => ROLES[pick(ROLE_WEIGHTS, ctx.random())]);
    const who = (role: Role) => users.filter((_, k) => roles[k] === role);
    const actionsPerUser = BigInt(Math.ceil(ctx.sizes.transactions / users.length)) + 1n;

    // Payers: TUSD to send.
    const payers = who("payer").map((u) => u.address);
    if (payers.length > 0) await mintInBatches(tokens[1], payers, actionsPerUser * 1_000n * UNIT);

    // Traders: every pool token, approved to every pool.
    const traders = who("trader");
    if (traders.length > 0) {
      for (const [t, token] of tokens.entries()) {
        await mintInBatches(
          token,
          traders.map((u) => u.address),
          (actionsPerUser * 10n * 2_000n * UNIT) / PRICES[t],
        );
      }
      for (const user of traders) {
        for (const [p, [a, b]] of POOLS.entries()) {
          await (await as(tokens[a], user).approve(pools[p].pair.target, ethers.MaxUint256)).wait();
          await (await as(tokens[b], user).approve(pools[p].pair.target, ethers.MaxUint256)).wait();
        }
      }
    }

    // Lenders: deposit 10,000 TUSD; every other lender also borrows 2,000.
    const deposits = users.map(() => 0n);
    const debts = users.map(() => 0n);
    const lenders = who("lender");
    if (lenders.length > 0) {
      await mintInBatches(
        tokens[1],
        lenders.map((u) => u.address),
        (10_000n + actionsPerUser * 1_000n) * UNIT,
      );
    }
    for (const [j, user] of lenders.entries()) {
      const k = users.indexOf(user);
      await (await as(tokens[1], user).approve(lendingPool.target, ethers.MaxUint256)).wait();
      await (await as(lendingPool, user).deposit(10_000n * UNIT)).wait();
      deposits[k] = 10_000n * UNIT;
      if (j % 2 === 1) {
        await (await as(lendingPool, user).borrow(2_000n * UNIT)).wait();
        debts[k] = 2_000n * UNIT;
      }
    }

    // Stakers: stake 1,000 STK.
    const stakes = users.map(() => 0n);
    const stakers = who("staker");
    if (stakers.length > 0) {
      await mintInBatches(
        stakeToken,
        stakers.map((u) => u.address),
        (1_000n + actionsPerUser * 100n) * UNIT,
      );
    }
    for (const user of stakers) {
      await (await as(stakeToken, user).approve(staking.target, ethers.MaxUint256)).wait();
      await (await as(staking, user).stake(1_000n * UNIT)).wait();
      stakes[users.indexOf(user)] = 1_000n * UNIT;
    }

    return { roles, tokens, pools, lendingPool, staking, counter, deposits, debts, stakes };
  },

  async run(ctx, s) {
    const { users } = ctx;
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      const k = i % users.length;
      const user = users[k];
      const roll = ctx.random();
      switch (s.roles[k]) {
        case "payer": {
          const to = users[ctx.randomInt(users.length)].address;
          const amount = BigInt(10 + ctx.randomInt(991)) * UNIT;
          await as(s.tokens[1], user).transfer(to, amount, ctx.tx);
          break;
        }
        case "trader": {
          const p = pick(
            POOLS.map(([, , w]) => w),
            roll,
          );
          const pool = s.pools[p];
          const zeroForOne = ctx.random() < 0.5;
          const tokenIn = zeroForOne ? pool.token0 : pool.token1;
          const t = s.tokens.findIndex((x) => String(x.target).toLowerCase() === tokenIn.toLowerCase());
          const amountIn = (BigInt(1 + ctx.randomInt(10)) * 2_000n * UNIT) / PRICES[t]; // 1–10 WETH worth
          const out = zeroForOne ? amountOut(amountIn, pool.r0, pool.r1) : amountOut(amountIn, pool.r1, pool.r0);
          if (zeroForOne) [pool.r0, pool.r1] = [pool.r0 + amountIn, pool.r1 - out];
          else [pool.r0, pool.r1] = [pool.r0 - out, pool.r1 + amountIn];
          await as(pool.pair, user).swap(amountIn, tokenIn, (out * 99n) / 100n, user.address, ctx.tx);
          break;
        }
        case "lender": {
          const lp = as(s.lendingPool, user);
          const amount = BigInt(100 + ctx.randomInt(901)) * UNIT;
          const borrowRoom = s.deposits[k] / 2n - s.debts[k];
          const withdrawRoom = (s.deposits[k] - 2n * s.debts[k]) / 2n;
          if (roll >= 0.3 && roll < 0.55 && borrowRoom >= amount) {
            await lp.borrow(amount, ctx.tx);
            s.debts[k] += amount;
          } else if (roll >= 0.55 && roll < 0.8 && s.debts[k] > 0n) {
            const repaid = min(amount, s.debts[k]);
            await lp.repay(repaid, ctx.tx);
            s.debts[k] -= repaid;
          } else if (roll >= 0.8 && withdrawRoom >= amount) {
            await lp.withdraw(amount, ctx.tx);
            s.deposits[k] -= amount;
          } else {
            await lp.deposit(amount, ctx.tx);
            s.deposits[k] += amount;
          }
          break;
        }
        case "staker": {
          const st = as(s.staking, user);
          const amount = BigInt(10 + ctx.randomInt(91)) * UNIT;
          if (roll < 0.4) {
            await st.stake(amount, ctx.tx);
            s.stakes[k] += amount;
          } else if (roll < 0.7 && s.stakes[k] >= 4n) {
            const withdrawn = min(amount, s.stakes[k] / 4n);
            await st.withdraw(withdrawn, ctx.tx);
            s.stakes[k] -= withdrawn;
          } else {
            await st.getReward(ctx.tx);
          }
          break;
        }
        case "depositor":
          await as(s.counter, user).deposit(ctx.tx);
          break;
      }
    }
  },
});
