/**
 * hot-counter — the global-counter anti-pattern.
 *
 * Every user calls `HotCounter.deposit()`. Each deposit touches its own `balances[user]` slot but
 * also read-modify-writes the global `depositCount` and `totalDeposited`, so every transaction
 * depends on the one before it in the block: the block is one long chain and a parallel EVM gains
 * nothing (Block-STM keeps aborting and re-executing). Compare with `sharded-counter`, the same
 * workload on the fixed contract.
 *
 * Transaction `i` is sent by `users[i % users]`: with `blockSize <= users` no sender appears twice
 * in a block, so every conflict the report shows comes from the contract's globals.
 */
import type { Contract, Signer } from "ethers";

import { defineScenario } from "../plugin/scenario.ts";

interface State {
  counter: Contract;
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;

export default defineScenario<State>({
  name: "hot-counter",
  description: "Every deposit writes one global counter and total: all transactions serialize",
  defaults: { users: 100, transactions: 200, blockSize: 100 },

  async setup(ctx) {
    const counter = await ctx.ethers.deployContract("HotCounter", [], ctx.deployer);
    await counter.waitForDeployment();
    return { counter };
  },

  async run(ctx, { counter }) {
    const { users } = ctx;
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      await as(counter, users[i % users.length]).deposit(ctx.tx);
    }
  },
});
