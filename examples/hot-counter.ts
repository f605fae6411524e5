/**
 * hot-counter — the global-counter anti-pattern.
 *
 * Every user calls `HotCounter.deposit()`. Each deposit touches its own `balances[user]` slot but
 * also read-modify-writes the global `depositCount` and `totalDeposited`, so every transaction
 * depends on the one before it in the block: the block is one long chain and a parallel EVM gains
 * nothing (Block-STM keeps aborting and re-executing). Compare with `sharded-counter`, the same
 * workload on the fixed contract.
 */
import { counterDepositsScenario } from "./_counter-deposits.ts";

export default counterDepositsScenario(
  "HotCounter",
  "hot-counter",
  "Every deposit writes one global counter and total: all transactions serialize",
);
