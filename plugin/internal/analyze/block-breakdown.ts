import type { DependencyEdge } from "./block-dependencies.ts";
import type { ContractDirectory } from "./contract-directory.ts";
import { computeParallelFigures, type FigureEdge } from "./parallel-figures.ts";
import type { TransactionProfile } from "./transaction-profile.ts";
import type { NamedFigures } from "./types.ts";

/**
 * Per contract group: the transactions touching it, and the dependencies through keys of its
 * instances (an edge counts as contract contention when one of those keys is of class "contract").
 */
export function contractBreakdown(
  profiles: readonly TransactionProfile[],
  edges: readonly DependencyEdge[],
  directory: ContractDirectory,
): NamedFigures[] {
  const nodes = nodesBy(profiles, (profile) => profile.contracts);
  const groupEdges = new Map<string, FigureEdge[]>();
  for (const edge of edges) {
    const flags = new Map<string, boolean>();
    for (const { key, class: keyClass } of edge.keys) {
      const group = directory.groupOf(key.slice(0, 42));
      if (group !== null) flags.set(group, (flags.get(group) ?? false) || keyClass === "contract");
    }
    for (const [group, contract] of flags) push(groupEdges, group, { from: edge.from, to: edge.to, contract });
  }
  return figuresOf(profiles, nodes, groupEdges);
}

/**
 * Per function: the transactions with a frame running it, and the dependencies through keys whose
 * address is a storage address of its frames in both transactions — in the writing (earlier) one, of
 * a frame that may write (not a STATICCALL nor inside one). Access lists are per transaction, not per
 * frame: a key is attributed to every function of the transaction running on its address.
 */
export function functionBreakdown(
  profiles: readonly TransactionProfile[],
  edges: readonly DependencyEdge[],
): NamedFigures[] {
  const nodes = nodesBy(profiles, (profile) => profile.functions.keys());
  const functionEdges = new Map<string, FigureEdge[]>();
  for (const edge of edges) {
    const writer = profiles[edge.from].functions;
    for (const [name, use] of profiles[edge.to].functions) {
      const writerUse = writer.get(name);
      if (writerUse === undefined) continue;
      const shared = edge.keys.filter(({ key }) => {
        const address = key.slice(0, 42);
        return use.storageAddresses.has(address) && writerUse.writableStorageAddresses.has(address);
      });
      if (shared.length === 0) continue;
      push(functionEdges, name, { from: edge.from, to: edge.to, contract: shared.some((k) => k.class === "contract") });
    }
  }
  return figuresOf(profiles, nodes, functionEdges);
}

function nodesBy(
  profiles: readonly TransactionProfile[],
  namesOf: (profile: TransactionProfile) => Iterable<string>,
): Map<string, number[]> {
  const nodes = new Map<string, number[]>();
  profiles.forEach((profile, index) => {
    for (const name of namesOf(profile)) push(nodes, name, index);
  });
  return nodes;
}

function figuresOf(
  profiles: readonly TransactionProfile[],
  nodes: Map<string, number[]>,
  edges: Map<string, FigureEdge[]>,
): NamedFigures[] {
  const gas = profiles.map((profile) => profile.tx.gasUsed);
  return [...nodes.keys()]
    .sort()
    .map((name) => ({ name, figures: computeParallelFigures(gas, nodes.get(name)!, edges.get(name) ?? []).figures }));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
