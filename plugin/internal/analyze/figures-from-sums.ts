import { PROCESSOR_COUNTS, type ParallelFigures } from "./types.ts";

export interface FigureSums {
  transactions: number;
  dependencies: number;
  dependentTransactions: number;
  contractDependentTransactions: number;
  totalGas: number;
  criticalPathGas: number;
  /** One per PROCESSOR_COUNTS value. */
  makespans: readonly number[];
}

/** Ratios from counts and sums (also used to aggregate blocks: ratios of sums). */
export function figuresFromSums(sums: FigureSums): ParallelFigures {
  const ratio = (num: number, den: number, otherwise: number): number => (den > 0 ? num / den : otherwise);
  return {
    transactions: sums.transactions,
    dependencies: sums.dependencies,
    dependentTransactions: sums.dependentTransactions,
    contractDependentTransactions: sums.contractDependentTransactions,
    conflictRate: ratio(sums.dependentTransactions, sums.transactions, 0),
    contractConflictRate: ratio(sums.contractDependentTransactions, sums.transactions, 0),
    totalGas: sums.totalGas,
    criticalPathGas: sums.criticalPathGas,
    score: sums.totalGas > 0 ? 1 - sums.criticalPathGas / sums.totalGas : 0,
    idealSpeedup: ratio(sums.totalGas, sums.criticalPathGas, 1),
    schedules: PROCESSOR_COUNTS.map((processors, i) => ({
      processors,
      makespanGas: sums.makespans[i],
      speedup: ratio(sums.totalGas, sums.makespans[i], 1),
    })),
  };
}

/** Sums figures (of blocks) and recomputes the ratios. */
export function sumFigures(list: readonly ParallelFigures[]): ParallelFigures {
  const sums: FigureSums = {
    transactions: 0,
    dependencies: 0,
    dependentTransactions: 0,
    contractDependentTransactions: 0,
    totalGas: 0,
    criticalPathGas: 0,
    makespans: PROCESSOR_COUNTS.map(() => 0),
  };
  const makespans = sums.makespans as number[];
  for (const figures of list) {
    sums.transactions += figures.transactions;
    sums.dependencies += figures.dependencies;
    sums.dependentTransactions += figures.dependentTransactions;
    sums.contractDependentTransactions += figures.contractDependentTransactions;
    sums.totalGas += figures.totalGas;
    sums.criticalPathGas += figures.criticalPathGas;
    figures.schedules.forEach((schedule, i) => (makespans[i] += schedule.makespanGas));
  }
  return figuresFromSums(sums);
}
