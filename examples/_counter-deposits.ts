/**
 * The workload shared by `hot-counter` and `sharded-counter` (a helper, not a scenario: files
 * starting with `_` are skipped by the scenario loader).
 *
 * Transaction `i` is sent by `users[i % users]`: with `blockSize <= users` no sender appears twice
 * in a block, so every conflict the report shows comes from the contract's own state.
 */
import type { Contract, Signer } from "ethers";

import { type Scenario, defineScenario } from "../plugin/scenario.ts";

interface State {
  counter: Contract;
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;

/** A scenario in which every user calls `deposit()` on a freshly deployed `contractName`. */
export function counterDepositsScenario(contractName: string, name: string, description: string): Scenario<State> {
  return defineScenario<State>({
    name,
    description,
    defaults: { users: 100, transactions: 200, blockSize: 100 },

    async setup(ctx) {
      const counter = await ctx.ethers.deployContract(contractName, [], ctx.deployer);
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
}
