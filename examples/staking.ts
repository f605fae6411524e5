/**
 * staking — stake / withdraw / getReward on a Synthetix-style StakingRewards contract.
 *
 * Per-user state (`stakes`, `rewards`, `userRewardPerTokenPaid`) is independent, but:
 * `stake`/`withdraw` read-modify-write `totalStaked` (and every action reads it in its reward
 * maths), the first action of a block writes `rewardPerTokenStored`/`lastUpdateTime`, and every
 * action moves tokens in or out of the contract, writing its balance slot in the staking token
 * (stake/withdraw) or the reward token (getReward). Expect stakes and withdrawals to form one
 * chain, and `getReward`s another on the reward token's `balances[staking]`.
 *
 * Set-up: 1,000,000 reward tokens paid over 30 days; every user stakes 1,000 tokens. Transaction
 * `i` is sent by `users[i % users]` and is, at random: a stake of 10–100 tokens (40%), a withdrawal
 * of up to a quarter of the user's stake (30%), or a `getReward` (30%).
 */
import type { Contract, Signer } from "ethers";

import { defineScenario } from "../plugin/scenario.ts";
import { mintInBatches } from "./_mint-in-batches.ts";

const UNIT = 10n ** 18n;
const REWARDS = 1_000_000n * UNIT;
const REWARD_DURATION = 30n * 24n * 3600n;
const INITIAL_STAKE = 1_000n * UNIT;
const MIN_AMOUNT = 10;
const MAX_AMOUNT = 100;

interface State {
  staking: Contract;
  /** Local copy of each user's stake. */
  stakes: bigint[];
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;
const min = (a: bigint, b: bigint) => (a < b ? a : b);

export default defineScenario<State>({
  name: "staking",
  description: "Stake, withdraw and claim rewards on a Synthetix-style staking contract",
  defaults: { users: 100, transactions: 200, blockSize: 100 },

  async setup(ctx) {
    const { ethers, deployer, users } = ctx;
    const stakingToken = await ethers.deployContract("Token", ["Stake Token", "STK"], deployer);
    const rewardsToken = await ethers.deployContract("Token", ["Reward Token", "RWD"], deployer);
    await Promise.all([stakingToken.waitForDeployment(), rewardsToken.waitForDeployment()]);
    const staking = await ethers.deployContract("StakingRewards", [stakingToken.target, rewardsToken.target], deployer);
    await staking.waitForDeployment();

    await (await rewardsToken.mint(staking.target, REWARDS)).wait();
    await (await staking.notifyRewardAmount(REWARDS, REWARD_DURATION)).wait();

    const actionsPerUser = BigInt(Math.ceil(ctx.sizes.transactions / users.length));
    const perUser = INITIAL_STAKE + actionsPerUser * BigInt(MAX_AMOUNT) * UNIT;
    await mintInBatches(
      stakingToken,
      users.map((u) => u.address),
      perUser,
    );
    for (const user of users) {
      await (await as(stakingToken, user).approve(staking.target, ethers.MaxUint256)).wait();
      await (await as(staking, user).stake(INITIAL_STAKE)).wait();
    }
    return { staking, stakes: users.map(() => INITIAL_STAKE) };
  },

  async run(ctx, { staking, stakes }) {
    const { users } = ctx;
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      const k = i % users.length;
      const s = as(staking, users[k]);
      const amount = BigInt(MIN_AMOUNT + ctx.randomInt(MAX_AMOUNT - MIN_AMOUNT + 1)) * UNIT;
      const roll = ctx.random();
      if (roll < 0.4) {
        await s.stake(amount, ctx.tx);
        stakes[k] += amount;
      } else if (roll < 0.7 && stakes[k] >= 4n) {
        const withdrawn = min(amount, stakes[k] / 4n);
        await s.withdraw(withdrawn, ctx.tx);
        stakes[k] -= withdrawn;
      } else {
        await s.getReward(ctx.tx);
      }
    }
  },
});
