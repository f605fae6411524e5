import type { CapturedTransaction } from "../capture/types.ts";
import { findBlockDependencies, type DependencyEdge, type KeyClassifier } from "./block-dependencies.ts";

/** How the dependency graph built from the predicted access sets compares with the real one. */
export interface DependencyComparison {
  /** Real edges (ti → tj, with their real keys) such that the predicted graph has no path from ti to tj. */
  missed: DependencyEdge[];
  /** Predicted edges (with their predicted keys) such that the real graph has no path from ti to tj. */
  spurious: DependencyEdge[];
}

/**
 * Builds a block's read-after-write graph twice with the rules of `findBlockDependencies`: from the
 * transactions' real sets and from their predicted sets (`predicted`, which every transaction must
 * have). An edge is compared by reachability, not as an edge: a scheduler that follows a graph runs tj
 * after ti whenever a path leads from ti to tj, so a real edge implied by a predicted chain is not
 * missed, and a predicted edge that the real graph implies costs nothing.
 */
export function compareDependencies(
  transactions: readonly CapturedTransaction[],
  classify: KeyClassifier,
): DependencyComparison {
  const actual = findBlockDependencies(transactions, classify);
  const predicted = findBlockDependencies(transactions.map(asPredicted), classify);
  const actualReach = reachability(transactions.length, actual);
  const predictedReach = reachability(transactions.length, predicted);
  return {
    missed: actual.filter((edge) => !predictedReach(edge.from, edge.to)),
    spurious: predicted.filter((edge) => !actualReach(edge.from, edge.to)),
  };
}

function asPredicted(tx: CapturedTransaction): CapturedTransaction {
  if (tx.predicted === undefined) throw new Error(`transaction ${tx.hash} has no predicted access sets`);
  return { ...tx, reads: tx.predicted.reads, writes: tx.predicted.writes };
}

/**
 * Whether the DAG has a path from `from` to `to`. Each transaction's ancestors are a bit set; edges
 * must run forward (from < to) and come ordered by `to`, as `findBlockDependencies` gives them, so a
 * transaction's ancestors are complete before any edge leaves it.
 */
function reachability(size: number, edges: readonly DependencyEdge[]): (from: number, to: number) => boolean {
  const words = Math.ceil(size / 32);
  const ancestors = Array.from({ length: size }, () => new Uint32Array(words));
  for (const { from, to } of edges) {
    const source = ancestors[from];
    const target = ancestors[to];
    for (let word = 0; word <= from >>> 5; word++) target[word] |= source[word];
    target[from >>> 5] |= 1 << (from & 31);
  }
  return (from, to) => (ancestors[to][from >>> 5] & (1 << (from & 31))) !== 0;
}
