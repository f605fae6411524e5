import type { ScenarioAnalysis } from "../analyze/types.ts";
import type { BlockReplay, ReexecutionReasons, ScenarioExecution } from "../replay/index.ts";

import { blockMakespan } from "../analyze/block-makespan.ts";
import { roundMs } from "../replay/index.ts";

/**
 * A scenario's `execution` report: the replayed blocks with the predicted S_k (k = workers) of the
 * same block from the analysis next to each measurement, and the totals (ratios of sums, as for
 * the analysis: speedup = Σ sequentialMs / Σ parallelMs, predicted = Σ totalGas / Σ makespan_k).
 */
export function scenarioExecution(
  workers: number,
  replays: readonly BlockReplay[],
  analysis: ScenarioAnalysis | undefined,
): ScenarioExecution {
  let totalGas = 0;
  let makespanGas = 0;
  let predicted = replays.length > 0;
  const analysed = new Map(analysis?.blocks.map((block) => [block.number, block]));
  const blocks = replays.map((replay): BlockReplay => {
    const block = analysed.get(replay.number);
    if (block === undefined) {
      predicted = false;
      return replay;
    }
    const figures = blockMakespan(block, workers);
    totalGas += figures.totalGas;
    makespanGas += figures.makespanGas;
    return { ...replay, predictedSpeedup: ratio(figures.totalGas, figures.makespanGas) };
  });
  const sum = (pick: (block: BlockReplay) => number) => blocks.reduce((total, block) => total + pick(block), 0);
  const sequentialMs = roundMs(sum((b) => b.sequentialMs));
  const parallelMs = roundMs(sum((b) => b.parallelMs));
  const reasons: ReexecutionReasons = {};
  for (const block of blocks) {
    for (const [kind, count] of Object.entries(block.reasons)) reasons[kind] = (reasons[kind] ?? 0) + count;
  }
  return {
    workers,
    blocks,
    totals: {
      blocks: blocks.length,
      transactions: sum((b) => b.transactions),
      sequentialMs,
      parallelMs,
      speedup: ratio(sequentialMs, parallelMs),
      predictedSpeedup: predicted ? ratio(totalGas, makespanGas) : null,
      reexecutions: sum((b) => b.reexecutions),
      reexecutedTransactions: sum((b) => b.reexecutedTransactions),
      reasons,
      fellBackBlocks: blocks.filter((b) => b.fellBack).length,
      mismatches: sum((b) => b.mismatches.length),
    },
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 1;
}
