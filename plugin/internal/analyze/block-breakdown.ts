import type { DependencyEdge } from "./block-dependencies.ts";
import type { ContractDirectory } from "./contract-directory.ts";
import { computeParallelFigures, type FigureEdge } from "./parallel-figures.ts";
import type { TransactionProfile } from "./transaction-profile.ts";
import type { NamedFigures } from "./types.ts";

/** One scope of a block (a contract group or a function): its transactions, and its edges with the keys that count. */
export interface BlockScope<Edge extends DependencyEdge = DependencyEdge> {
  /** Transaction indices, ascending. */
  nodes: number[];
  /** Edges among `nodes`, each with only the keys that count for the scope. */
  edges: Edge[];
}

/**
 * Per contract group: the transactions touching it, and the dependencies through keys of its
 * instances (an edge counts as contract contention when one of those keys is of class "contract").
 */
export function contractBreakdown(
  profiles: readonly TransactionProfile[],
  edges: readonly DependencyEdge[],
  directory: ContractDirectory,
): NamedFigures[] {
  return figuresOf(profiles, contractScopes(profiles, edges, directory));
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
  return figuresOf(profiles, functionScopes(profiles, edges));
}

/** The contract-group scopes of a block (see contractBreakdown), by group name. */
export function contractScopes<Edge extends DependencyEdge>(
  profiles: readonly TransactionProfile[],
  edges: readonly Edge[],
  directory: ContractDirectory,
): Map<string, BlockScope<Edge>> {
  const scopes = scopesBy<Edge>(profiles, (profile) => profile.contracts);
  for (const edge of edges) {
    const byGroup = new Map<string, Edge["keys"]>();
    for (const edgeKey of edge.keys) {
      const group = directory.groupOf(edgeKey.key.slice(0, 42));
      if (group === null) continue;
      const keys = byGroup.get(group);
      if (keys === undefined) byGroup.set(group, [edgeKey]);
      else keys.push(edgeKey);
    }
    for (const [group, keys] of byGroup) {
      let scope = scopes.get(group);
      if (scope === undefined) scopes.set(group, (scope = { nodes: [], edges: [] }));
      scope.edges.push(withKeys(edge, keys));
    }
  }
  // A declared key (the lock models') may lie on a contract the transaction did not touch: such an
  // edge's ends join the group's scope. Edges through keys actually accessed never add a node.
  for (const scope of scopes.values()) {
    const nodes = new Set(scope.nodes);
    const before = nodes.size;
    for (const { from, to } of scope.edges) nodes.add(from).add(to);
    if (nodes.size !== before) scope.nodes = [...nodes].sort((a, b) => a - b);
  }
  return scopes;
}

/** The function scopes of a block (see functionBreakdown), by function name. */
export function functionScopes<Edge extends DependencyEdge>(
  profiles: readonly TransactionProfile[],
  edges: readonly Edge[],
): Map<string, BlockScope<Edge>> {
  const scopes = scopesBy<Edge>(profiles, (profile) => profile.functions.keys());
  for (const edge of edges) {
    const writer = profiles[edge.from].functions;
    for (const [name, use] of profiles[edge.to].functions) {
      const writerUse = writer.get(name);
      if (writerUse === undefined) continue;
      const shared = edge.keys.filter(({ key }) => {
        const address = key.slice(0, 42);
        return use.storageAddresses.has(address) && writerUse.writableStorageAddresses.has(address);
      });
      if (shared.length > 0) scopes.get(name)!.edges.push(withKeys(edge, shared));
    }
  }
  return scopes;
}

function withKeys<Edge extends DependencyEdge>(edge: Edge, keys: Edge["keys"]): Edge {
  return { ...edge, keys, contract: keys.some((k) => k.class === "contract") };
}

function scopesBy<Edge extends DependencyEdge>(
  profiles: readonly TransactionProfile[],
  namesOf: (profile: TransactionProfile) => Iterable<string>,
): Map<string, BlockScope<Edge>> {
  const scopes = new Map<string, BlockScope<Edge>>();
  profiles.forEach((profile, index) => {
    for (const name of namesOf(profile)) {
      const scope = scopes.get(name);
      if (scope === undefined) scopes.set(name, { nodes: [index], edges: [] });
      else scope.nodes.push(index);
    }
  });
  return scopes;
}

function figuresOf(profiles: readonly TransactionProfile[], scopes: Map<string, BlockScope>): NamedFigures[] {
  const gas = profiles.map((profile) => profile.tx.gasUsed);
  return [...scopes.keys()].sort().map((name) => {
    const { nodes, edges } = scopes.get(name)!;
    const figureEdges: FigureEdge[] = edges.map(({ from, to, contract }) => ({ from, to, contract }));
    return { name, figures: computeParallelFigures(gas, nodes, figureEdges).figures };
  });
}
