/**
 * erc20-transfers — the embarrassingly parallel baseline.
 *
 * Each transaction is a plain `Token.transfer` of the same amount from a user to a fresh address
 * that has never held the token. A transfer writes only `balances[from]` and `balances[to]`, so
 * transfers between disjoint accounts share no state and a parallel EVM runs a whole block of
 * them at once. Expect a conflict rate of 0 and equal gas for every transaction.
 *
 * Who sends to whom: transaction `i` is sent by `users[i % users]` to fresh address `i` (derived
 * from a hash of the index; recipients are never reused and are never users). Blocks are
 * `blockSize` consecutive transactions, so as long as `blockSize <= users` the senders of one
 * block are all distinct and every pair in the block is disjoint; with more transactions than
 * users, the same senders come back in later blocks (never twice in one block). Only when
 * `blockSize > users` must a sender appear twice in a block — those transactions then depend on
 * each other through the sender's nonce and balance, as they would on any chain.
 * E.g. users = 100, transactions = 50, blockSize = 50: 50 distinct senders, 50 fresh recipients.
 */
import { type Contract, type Signer, getAddress, id } from "ethers";

import { defineScenario } from "../plugin/scenario.ts";
import { mintInBatches } from "./_mint-in-batches.ts";

const UNIT = 10n ** 18n;
const AMOUNT = 1n * UNIT; // the same for every transfer: equal gas

interface State {
  token: Contract;
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;

/**
 * A deterministic fresh address for transfer `i`: no balance, never a user. Addresses with a zero
 * byte are skipped: a zero calldata byte costs 4 gas instead of 16, and every transfer should cost
 * exactly the same gas.
 */
function freshRecipient(i: number): string {
  for (let salt = 0; ; salt++) {
    const hex = id(`erc20-transfers/recipient/${i}/${salt}`).slice(26);
    if (!/^(?:[0-9a-f]{2})*?00/.test(hex)) return getAddress("0x" + hex);
  }
}

export default defineScenario<State>({
  name: "erc20-transfers",
  description: "Independent ERC20 transfers between disjoint accounts: the fully parallel baseline",
  defaults: { users: 100, transactions: 200, blockSize: 50 },

  async setup(ctx) {
    const token = await ctx.ethers.deployContract("Token", ["Test USD", "TUSD"], ctx.deployer);
    await token.waitForDeployment();
    const users = ctx.users.map((u) => u.address);
    // Enough for every transfer a user can be asked to make.
    const perUser = BigInt(Math.ceil(ctx.sizes.transactions / ctx.users.length) + 1) * AMOUNT;
    await mintInBatches(token, users, perUser);
    return { token };
  },

  async run(ctx, { token }) {
    const { users } = ctx;
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      await as(token, users[i % users.length]).transfer(freshRecipient(i), AMOUNT, ctx.tx);
    }
  },
});
