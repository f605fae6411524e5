/**
 * vault-deposits — ERC4626 deposits, redemptions and withdrawals on one vault.
 *
 * Shares are priced from `totalSupply` and the vault's asset balance; every operation reads both
 * and writes both. So every vault operation depends on the previous one in the block, even though
 * users' share balances are independent: the share price is a global that every deposit and
 * redemption moves. Expect the report to name `Vault4626.totalSupply` and
 * `Token.balances[vault]`.
 *
 * Set-up: every user deposits 1,000 tokens, then the vault receives 10% yield (tokens minted
 * straight to it), so shares are worth more than one token and rounding is exercised. Transaction
 * `i` is sent by `users[i % users]` and is, at random: `deposit` of 10–100 tokens (50%), `redeem`
 * of 10–100 shares (30%) or `withdraw` of 10–100 tokens (20%), capped to a quarter of what the
 * user is known to hold so nothing reverts.
 */
import type { Contract, Signer } from "ethers";

import { defineScenario } from "../plugin/scenario.ts";
import { mintInBatches } from "./_mint-in-batches.ts";

const UNIT = 10n ** 18n;
const INITIAL_DEPOSIT = 1_000n * UNIT;
const MIN_AMOUNT = 10;
const MAX_AMOUNT = 100;

interface State {
  vault: Contract;
  /** A lower bound on each user's shares (deposits during `run` are not counted). */
  shares: bigint[];
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;
const min = (a: bigint, b: bigint) => (a < b ? a : b);

export default defineScenario<State>({
  name: "vault-deposits",
  description: "ERC4626 deposits and redemptions: every operation reprices the shares (a global)",
  defaults: { users: 100, transactions: 200, blockSize: 100 },

  async setup(ctx) {
    const { ethers, deployer, users } = ctx;
    const token = await ethers.deployContract("Token", ["Test USD", "TUSD"], deployer);
    await token.waitForDeployment();
    const vault = await ethers.deployContract("Vault4626", [token.target, "Vault TUSD", "vTUSD"], deployer);
    await vault.waitForDeployment();

    const actionsPerUser = BigInt(Math.ceil(ctx.sizes.transactions / users.length));
    const perUser = INITIAL_DEPOSIT + actionsPerUser * BigInt(MAX_AMOUNT) * UNIT;
    await mintInBatches(
      token,
      users.map((u) => u.address),
      perUser,
    );
    for (const user of users) {
      await (await as(token, user).approve(vault.target, ethers.MaxUint256)).wait();
      await (await as(vault, user).deposit(INITIAL_DEPOSIT, user.address)).wait();
    }
    // 10% yield: the share price rises above 1.
    await (await token.mint(vault.target, (INITIAL_DEPOSIT * BigInt(users.length)) / 10n)).wait();

    const shares: bigint[] = [];
    for (const user of users) shares.push(await vault.balanceOf(user.address));
    return { vault, shares };
  },

  async run(ctx, { vault, shares }) {
    const { users } = ctx;
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      const k = i % users.length;
      const user = users[k];
      const v = as(vault, user);
      const amount = BigInt(MIN_AMOUNT + ctx.randomInt(MAX_AMOUNT - MIN_AMOUNT + 1)) * UNIT;
      const roll = ctx.random();
      const cap = shares[k] / 4n;
      if (roll >= 0.5 && roll < 0.8 && cap > 0n) {
        const redeemed = min(amount, cap);
        await v.redeem(redeemed, user.address, user.address, ctx.tx);
        shares[k] -= redeemed;
      } else if (roll >= 0.8 && cap > 1n) {
        // A share is worth at least one token here, so `assets` costs at most `assets + 1` shares.
        const assets = min(amount, cap - 1n);
        await v.withdraw(assets, user.address, user.address, ctx.tx);
        shares[k] -= assets + 1n;
      } else {
        await v.deposit(amount, user.address, ctx.tx);
      }
    }
  },
});
