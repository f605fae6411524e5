import { heaviestChain } from "./critical-path.ts";
import { listScheduleMakespan } from "./list-schedule.ts";
import { figuresFromSums } from "./figures-from-sums.ts";
import { PROCESSOR_COUNTS, type ParallelFigures } from "./types.ts";

export interface FigureEdge {
  from: number;
  to: number;
  /** The dependency has a "contract"-class key (among the keys it is counted for). */
  contract: boolean;
}

/**
 * Figures of the sub-DAG induced by `nodes` (transaction indices, ascending) with `edges` (between
 * nodes, from < to, at most one per pair). `gasUsed` is indexed by transaction index. Also returns one
 * heaviest chain, as transaction indices.
 */
export function computeParallelFigures(
  gasUsed: readonly number[],
  nodes: readonly number[],
  edges: readonly FigureEdge[],
): { figures: ParallelFigures; criticalPath: number[] } {
  const local = new Map<number, number>();
  nodes.forEach((tx, i) => local.set(tx, i));
  const weights = nodes.map((tx) => gasUsed[tx]);
  const predecessors: number[][] = nodes.map(() => []);
  const dependent = new Set<number>();
  const contractDependent = new Set<number>();
  for (const edge of edges) {
    const from = local.get(edge.from);
    const to = local.get(edge.to);
    if (from === undefined || to === undefined) throw new Error(`edge ${edge.from}→${edge.to} leaves the node set`);
    predecessors[to].push(from);
    dependent.add(to);
    if (edge.contract) contractDependent.add(to);
  }
  const totalGas = weights.reduce((sum, gas) => sum + gas, 0);
  const { weight, chain } = heaviestChain(weights, predecessors);
  const makespans = PROCESSOR_COUNTS.map((processors) => listScheduleMakespan(weights, predecessors, processors));
  const figures = figuresFromSums({
    transactions: nodes.length,
    dependencies: edges.length,
    dependentTransactions: dependent.size,
    contractDependentTransactions: contractDependent.size,
    totalGas,
    criticalPathGas: weight,
    makespans,
  });
  return { figures, criticalPath: chain.map((i) => nodes[i]) };
}
