import type { BlockAnalysis } from "./types.ts";

import { listScheduleMakespan } from "./list-schedule.ts";

/**
 * A block's total gas and its list-scheduling makespan on `processors` processors (any count, not
 * only PROCESSOR_COUNTS), from its transactions' `gasUsed` and `dependsOn`: S_k = totalGas / makespanGas.
 */
export function blockMakespan(block: BlockAnalysis, processors: number): { totalGas: number; makespanGas: number } {
  const weights = block.transactions.map((tx) => tx.gasUsed);
  const predecessors = block.transactions.map((tx) => tx.dependsOn.map((dependency) => dependency.tx));
  return {
    totalGas: weights.reduce((sum, gas) => sum + gas, 0),
    makespanGas: listScheduleMakespan(weights, predecessors, processors),
  };
}
