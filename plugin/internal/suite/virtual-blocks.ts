import type { CallRecord, SuiteContract } from "./types.ts";

import { computeParallelFigures } from "../analyze/parallel-figures.ts";
import { contentionEdges } from "./contention-edges.ts";
import { keysWrittenByManySenders } from "./keys-written-by-many-senders.ts";
import { compare, variableId } from "./variable-ref.ts";

export interface VirtualBlocks {
  contracts: SuiteContract[];
  /** "Contract.variable" → contention edges through it. */
  dependenciesByVariable: Map<string, number>;
}

/**
 * Per contract, every recorded call that reads or writes its state, in capture order, as if they were
 * one block (a "virtual block"); dependencies through the contract's own state that are contention
 * (see contentionEdges) give its figures: conflict rate = calls with a dependency / calls, score =
 * 1 − critical-path gas / total gas (each call weighs its whole gasUsed). A contract called by fewer
 * than two senders gets no figures.
 */
export function virtualBlocks(records: readonly CallRecord[]): VirtualBlocks {
  const byContract = new Map<string, { calls: CallRecord[]; sourceName: string | null }>();
  for (const record of records) {
    for (const contract of new Set(record.reads.map((read) => read.contract))) {
      const entry = byContract.get(contract) ?? { calls: [], sourceName: null };
      entry.calls.push(record);
      entry.sourceName ??=
        record.reads.find((read) => read.contract === contract && read.sourceName !== null)?.sourceName ?? null;
      byContract.set(contract, entry);
    }
  }
  const shared = keysWrittenByManySenders(records);
  const dependenciesByVariable = new Map<string, number>();
  const contracts: SuiteContract[] = [];
  for (const [name, { calls, sourceName }] of byContract) {
    const senders = new Set(calls.map((call) => call.sender)).size;
    const edges = contentionEdges(calls, (key) => key.contract === name, shared);
    for (const edge of edges) {
      for (const variable of new Set(edge.keys.map(variableId))) {
        dependenciesByVariable.set(variable, (dependenciesByVariable.get(variable) ?? 0) + 1);
      }
    }
    const figures =
      senders < 2
        ? null
        : computeParallelFigures(
            calls.map((call) => call.gasUsed),
            calls.map((_, i) => i),
            edges.map(({ from, to }) => ({ from, to, contract: true })),
          ).figures;
    contracts.push({ name, sourceName, calls: calls.length, senders, figures });
  }
  contracts.sort((a, b) => compare(a.name, b.name));
  return { contracts, dependenciesByVariable };
}
