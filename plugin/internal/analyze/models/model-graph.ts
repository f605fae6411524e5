import type { CapturedBlock, StateKey } from "../../capture/types.ts";
import { findBlockDependencies, type DependencyEdge, type KeyClassifier } from "../block-dependencies.ts";
import { lockSets, missedDeclarations, strictAccess, unionLocks } from "./declared-access.ts";
import { findLockDependencies, type ModelEdge } from "./lock-dependencies.ts";
import type { GraphModelName } from "./model-types.ts";

/** One block under one graph model: what each transaction costs, and what must run before what. */
export interface BlockModelGraph {
  /** Gas of each transaction's runs (twice its gasUsed for a missed declaration), by block index. */
  weights: number[];
  /** Edges through keys, ordered by (to, from). */
  edges: ModelEdge[];
  /** locks-predicted: the transactions whose declaration missed, with the keys missed. */
  missed: Map<number, StateKey[]>;
}

/**
 * The graph of `block` under `model` (definitions in README.md, "Execution models"). locks-predicted
 * needs every transaction's predicted sets (engine capture): the caller checks. `optimisticEdges`: the
 * block's read-after-write edges when the main analysis has them already.
 */
export function blockModelGraph(
  block: CapturedBlock,
  model: GraphModelName,
  classify: KeyClassifier,
  optimisticEdges?: readonly DependencyEdge[],
): BlockModelGraph {
  const txs = block.transactions;
  const weights = txs.map((tx) => tx.gasUsed);
  const missed = new Map<number, StateKey[]>();
  const senders = txs.map((tx) => tx.from);
  const raw = (edges: readonly DependencyEdge[]): ModelEdge[] =>
    edges.map((edge) => ({ ...edge, keys: edge.keys.map((key) => ({ ...key, conflict: "raw" as const })) }));
  switch (model) {
    case "optimistic":
      return { weights, edges: raw(optimisticEdges ?? findBlockDependencies(txs, classify)), missed };
    case "optimistic-strict": {
      const strict = txs.map((tx) => strictAccess(tx, block.beneficiary));
      return { weights, edges: raw(findBlockDependencies(strict, classify)), missed };
    }
    case "bal":
      return { weights, edges: [], missed };
    case "locks":
    case "locks-exclusive": {
      const locks = txs.map((tx) => lockSets(tx, block.beneficiary, model === "locks-exclusive"));
      return { weights, edges: findLockDependencies(locks, senders, classify), missed };
    }
    case "locks-predicted": {
      const locks = txs.map((tx, index) => {
        if (tx.predicted === undefined) throw new Error(`transaction ${tx.hash} has no predicted access sets`);
        const declared = lockSets(tx.predicted, block.beneficiary);
        const actual = lockSets(tx, block.beneficiary);
        const keys = missedDeclarations(declared, actual);
        if (keys.length === 0) return declared;
        missed.set(index, keys);
        weights[index] = 2 * tx.gasUsed;
        return unionLocks(declared, actual);
      });
      return { weights, edges: findLockDependencies(locks, senders, classify), missed };
    }
  }
}
