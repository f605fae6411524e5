/**
 * sharded-counter — the fix for `hot-counter`.
 *
 * The same workload (every user calls `deposit()`, same senders in the same order) on
 * `ShardedCounter`, which keeps only per-user state in the hot path and computes its totals
 * lazily. Deposits from different users now touch disjoint slots: expect a conflict rate of 0
 * (as long as `blockSize <= users`, so no sender appears twice in a block) and a block that a
 * parallel EVM runs at full width.
 */
import { counterDepositsScenario } from "./_counter-deposits.ts";

export default counterDepositsScenario(
  "ShardedCounter",
  "sharded-counter",
  "The hot-counter workload on per-user (sharded) state: no shared writes, fully parallel",
);
