import type { Reexecution } from "../execute/index.ts";
import type { ReexecutionReasons } from "./replay-types.ts";

/**
 * Counts re-executions, the distinct transactions behind them, and their reasons by kind: the
 * executor's reason up to its first ":" ("read invalidated", "missing pre-state", "worker lost").
 */
export function reexecutionSummary(reexecutions: readonly Reexecution[]): {
  reexecutions: number;
  reexecutedTransactions: number;
  reasons: ReexecutionReasons;
} {
  const reasons: ReexecutionReasons = {};
  for (const { reason } of reexecutions) {
    const kind = reason.split(":")[0].trim();
    reasons[kind] = (reasons[kind] ?? 0) + 1;
  }
  return {
    reexecutions: reexecutions.length,
    reexecutedTransactions: new Set(reexecutions.map((r) => r.tx)).size,
    reasons,
  };
}
