import { keccak_256 } from "@noble/hashes/sha3.js";
import { UndirectedGraph } from "graphology";
import louvainModule from "graphology-communities-louvain";

import { seededRandom } from "../../seeded-random.ts";

// A CommonJS module whose typings say `export default`: the default import is the function itself.
const louvain = louvainModule as unknown as typeof louvainModule.default;

/** A transaction as placement sees it: the contracts it touches and its gas. */
export interface PlacedTransaction {
  /** Contract addresses (instances), sorted, distinct. */
  contracts: string[];
  from: string;
  gasUsed: number;
}

/** keccak256 of the 20 address bytes, as a big-endian integer, mod `shards`. */
export function hashShard(address: string, shards: number): number {
  const digest = keccak_256(Buffer.from(address.slice(2), "hex"));
  return Number(BigInt("0x" + Buffer.from(digest).toString("hex")) % BigInt(shards));
}

/**
 * Communities of the contract access graph: one node per contract, an undirected edge between two
 * contracts weighted by the transactions touching both, communities by Louvain (resolution 1, a seeded
 * random source, so a run is reproducible). Each community's contracts, sorted; communities ordered by
 * their first contract.
 */
export function contractCommunities(transactions: readonly PlacedTransaction[]): string[][] {
  const graph = new UndirectedGraph<Record<string, never>, { weight: number }>();
  for (const { contracts } of transactions) {
    for (const address of contracts) graph.mergeNode(address);
    for (let i = 0; i < contracts.length; i++) {
      for (let j = i + 1; j < contracts.length; j++) {
        graph.updateEdge(contracts[i], contracts[j], (attributes) => ({ weight: (attributes.weight ?? 0) + 1 }));
      }
    }
  }
  const byCommunity = new Map<number, string[]>();
  if (graph.size === 0) {
    graph.forEachNode((node) => byCommunity.set(byCommunity.size, [node]));
  } else {
    const mapping = louvain(graph, { getEdgeWeight: "weight", rng: seededRandom(1) });
    for (const [node, community] of Object.entries(mapping)) {
      const list = byCommunity.get(community);
      if (list === undefined) byCommunity.set(community, [node]);
      else list.push(node);
    }
  }
  return [...byCommunity.values()].map((list) => list.sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/**
 * Places communities on `shards` shards: by load (the gas of the transactions touching the community),
 * largest first (ties: the community's first contract), each on the least-loaded shard so far (ties:
 * the lowest shard). Contract → shard.
 */
export function packCommunities(
  communities: readonly string[][],
  transactions: readonly PlacedTransaction[],
  shards: number,
): Map<string, number> {
  const communityOf = new Map<string, number>();
  communities.forEach((list, index) => list.forEach((address) => communityOf.set(address, index)));
  const loads = communities.map(() => 0);
  for (const tx of transactions) {
    for (const community of new Set(tx.contracts.map((address) => communityOf.get(address)!))) {
      loads[community] += tx.gasUsed;
    }
  }
  const order = communities.map((_, index) => index).sort((a, b) => loads[b] - loads[a] || a - b);
  const shardLoads = new Array<number>(shards).fill(0);
  const placement = new Map<string, number>();
  for (const community of order) {
    const shard = shardLoads.indexOf(Math.min(...shardLoads));
    shardLoads[shard] += loads[community];
    for (const address of communities[community]) placement.set(address, shard);
  }
  return placement;
}
