/**
 * sharded-counter — the fix for `hot-counter`.
 *
 * The same workload (every user calls `deposit()`, same senders in the same order) on
 * `ShardedCounter`, which keeps only per-user state in the hot path and computes its totals
 * lazily. Deposits from different users now touch disjoint slots: expect a conflict rate of 0
 * (as long as `blockSize <= users`, so no sender appears twice in a block) and a block that a
 * parallel EVM runs at full width.
 */
import type { Contract, Signer } from "ethers";

import { defineScenario } from "../plugin/scenario.ts";

interface State {
  counter: Contract;
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;

export default defineScenario<State>({
  name: "sharded-counter",
  description: "The hot-counter workload on per-user (sharded) state: no shared writes, fully parallel",
  defaults: { users: 100, transactions: 200, blockSize: 100 },

  async setup(ctx) {
    const counter = await ctx.ethers.deployContract("ShardedCounter", [], ctx.deployer);
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
