/**
 * lending-mix — deposits, borrows, repayments and withdrawals on one lending pool.
 *
 * Every action accrues interest first: the first action of a block writes `lastAccrual`, both
 * interest indexes and both totals, and every later action reads them. Then each action
 * read-modify-writes a global total (`totalDeposits` for deposit/withdraw, `totalBorrows` for
 * borrow/repay) and the pool's token balance. Users' positions are independent, yet the block
 * serializes on the pool's global accounting: the report should name `totalDeposits`,
 * `totalBorrows` and `Token.balances[pool]` as the hotspots. A design that tracked totals lazily
 * (or per epoch) would remove most of these conflicts; the indexes would remain.
 *
 * Set-up: every user deposits 10,000 tokens; every other user also borrows 2,000. Transaction `i`
 * is sent by `users[i % users]` and is, at random: a deposit (30%), a borrow (25%), a repayment
 * (25%) or a withdrawal (20%) of 100–1,000 tokens. A local copy of each position keeps every
 * action valid (debt stays under 50% of the deposit, the pool allows 75%); an action that is not
 * possible for that user (nothing to repay, no room to borrow) becomes a deposit.
 */
import type { Contract, Signer } from "ethers";

import { defineScenario } from "../plugin/scenario.ts";
import { mintInBatches } from "./_mint-in-batches.ts";

const UNIT = 10n ** 18n;
const INITIAL_DEPOSIT = 10_000n * UNIT;
const INITIAL_BORROW = 2_000n * UNIT;
const MIN_AMOUNT = 100;
const MAX_AMOUNT = 1_000;

interface State {
  pool: Contract;
  /** Local copy of each user's position (principal, without interest). */
  deposits: bigint[];
  debts: bigint[];
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;
const min = (a: bigint, b: bigint) => (a < b ? a : b);

export default defineScenario<State>({
  name: "lending-mix",
  description: "Deposits, borrows, repays and withdrawals on one lending pool: global totals serialize them",
  defaults: { users: 100, transactions: 200, blockSize: 100 },

  async setup(ctx) {
    const { ethers, deployer, users } = ctx;
    const token = await ethers.deployContract("Token", ["Test USD", "TUSD"], deployer);
    await token.waitForDeployment();
    const pool = await ethers.deployContract("LendingPool", [token.target], deployer);
    await pool.waitForDeployment();

    const actionsPerUser = BigInt(Math.ceil(ctx.sizes.transactions / users.length));
    const perUser = INITIAL_DEPOSIT + actionsPerUser * BigInt(MAX_AMOUNT) * UNIT;
    await mintInBatches(
      token,
      users.map((u) => u.address),
      perUser,
    );

    const deposits: bigint[] = [];
    const debts: bigint[] = [];
    for (const [k, user] of users.entries()) {
      await (await as(token, user).approve(pool.target, ethers.MaxUint256)).wait();
      await (await as(pool, user).deposit(INITIAL_DEPOSIT)).wait();
      deposits.push(INITIAL_DEPOSIT);
      debts.push(0n);
      if (k % 2 === 1) {
        await (await as(pool, user).borrow(INITIAL_BORROW)).wait();
        debts[k] = INITIAL_BORROW;
      }
    }
    return { pool, deposits, debts };
  },

  async run(ctx, { pool, deposits, debts }) {
    const { users } = ctx;
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      const k = i % users.length;
      const p = as(pool, users[k]);
      const amount = BigInt(MIN_AMOUNT + ctx.randomInt(MAX_AMOUNT - MIN_AMOUNT + 1)) * UNIT;
      const roll = ctx.random();
      const borrowRoom = deposits[k] / 2n - debts[k]; // keep debt <= 50% of the deposit
      const withdrawRoom = (deposits[k] - 2n * debts[k]) / 2n; // and stay well clear after withdrawing

      if (roll >= 0.3 && roll < 0.55 && borrowRoom >= amount) {
        await p.borrow(amount, ctx.tx);
        debts[k] += amount;
      } else if (roll >= 0.55 && roll < 0.8 && debts[k] > 0n) {
        const repaid = min(amount, debts[k]); // interest makes the real debt a bit larger: never overpaid
        await p.repay(repaid, ctx.tx);
        debts[k] -= repaid;
      } else if (roll >= 0.8 && withdrawRoom >= amount) {
        await p.withdraw(amount, ctx.tx);
        deposits[k] -= amount;
      } else {
        await p.deposit(amount, ctx.tx);
        deposits[k] += amount;
      }
    }
  },
});
