import type { CapturedTransaction } from "../../capture/types.ts";
import type { ContractDirectory } from "../contract-directory.ts";
import type { ShardedContract, ShardedFigures, ShardedFunction, ShardPull } from "./model-types.ts";
import { contractCommunities, hashShard, packCommunities, type PlacedTransaction } from "./shard-placement.ts";

/** A transaction of the scenario as the sharded model sees it. */
export interface ShardedTransaction extends PlacedTransaction {
  /** The top-level function ("Contract.signature", "(ETH transfer)", "(create)"). */
  topLevel: string;
  /** The transaction's `to`, when it is a contract (its home shard), else null. */
  entry: string | null;
}

/** The contracts (addresses with code) a transaction touches: its frames' code and storage, its keys' addresses. */
export function touchedContracts(tx: CapturedTransaction, directory: ContractDirectory): string[] {
  const touched = new Set<string>();
  const touch = (address: string) => {
    if (!directory.isEoa(address)) touched.add(address);
  };
  for (const frame of tx.calls) {
    touch(frame.to);
    touch(frame.storageAddress);
  }
  for (const key in tx.reads) touch(key.slice(0, 42));
  for (const key in tx.writes) touch(key.slice(0, 42));
  return [...touched].sort();
}

/**
 * The sharded model (README.md, "Execution models"): for each shard count, contracts placed by
 * address hash, then by a partition of the contract access graph; per placement, the share of
 * transactions on more than one shard, each shard's gas, the speedup, and per contract group and
 * top-level function who pulls it across shards.
 */
export function analyzeSharding(
  transactions: readonly ShardedTransaction[],
  directory: ContractDirectory,
  shardCounts: readonly number[],
): ShardedFigures[] {
  const communities = contractCommunities(transactions);
  const contracts = communities.flat().sort();
  const results: ShardedFigures[] = [];
  for (const placement of ["hash", "partition"] as const) {
    for (const shards of shardCounts) {
      const byContract =
        placement === "hash"
          ? new Map(contracts.map((address) => [address, hashShard(address, shards)]))
          : packCommunities(communities, transactions, shards);
      results.push(shardedFigures(transactions, directory, placement, shards, byContract));
    }
  }
  return results;
}

function shardedFigures(
  transactions: readonly ShardedTransaction[],
  directory: ContractDirectory,
  placement: "hash" | "partition",
  shards: number,
  shardOf: Map<string, number>,
): ShardedFigures {
  const shardGas = new Array<number>(shards).fill(0);
  const groups = new Map<string, Scope>();
  const functions = new Map<string, Scope>();
  let crossShard = 0;
  let totalGas = 0;
  for (const tx of transactions) {
    const onShards = new Set(tx.contracts.map((address) => shardOf.get(address)!));
    if (onShards.size === 0) onShards.add(hashShard(tx.from, shards));
    for (const shard of onShards) shardGas[shard] += tx.gasUsed;
    totalGas += tx.gasUsed;
    const cross = onShards.size > 1;
    if (cross) crossShard++;
    const placed = tx.contracts.map((address) => ({
      group: directory.groupOf(address)!,
      shard: shardOf.get(address)!,
    }));
    for (const group of new Set(placed.map((entry) => entry.group))) {
      const own = new Set(placed.filter((entry) => entry.group === group).map((entry) => entry.shard));
      const pulling = placed.filter((entry) => entry.group !== group && !own.has(entry.shard));
      scopeOf(groups, group).add(
        cross,
        pulling.map((entry) => entry.group),
      );
    }
    const home = shardOf.get(tx.entry ?? "") ?? placed[0]?.shard;
    const away = placed.filter((entry) => entry.shard !== home).map((entry) => entry.group);
    scopeOf(functions, tx.topLevel).add(cross, away);
  }
  const sum = shardGas.reduce((total, gas) => total + gas, 0);
  const max = Math.max(...shardGas);
  const duplication = totalGas > 0 ? sum / totalGas : 1;
  const imbalance = sum > 0 ? max / (sum / shards) : 1;
  const speedup = max > 0 ? totalGas / max : 1;
  const limit =
    max * shards <= totalGas * (1 + 1e-9) ? "shards" : duplication >= imbalance ? "cross-shard" : "shard-load";
  const byCount = <T extends { name: string; transactions: number }>(list: T[]) =>
    list.sort((a, b) => b.transactions - a.transactions || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    placement,
    shards,
    transactions: transactions.length,
    crossShard,
    crossShardRate: transactions.length > 0 ? crossShard / transactions.length : 0,
    totalGas,
    shardGas,
    duplication,
    imbalance,
    speedup,
    limit,
    contracts: byCount(
      [...groups].map(([name, scope]): ShardedContract => {
        const instances = directory.instancesOf(name).filter((address) => shardOf.has(address));
        return {
          name,
          placement: instances.map((address) => ({ address, shard: shardOf.get(address)! })),
          ...scope.figures(),
        };
      }),
    ),
    functions: byCount([...functions].map(([name, scope]): ShardedFunction => ({ name, ...scope.figures() }))),
  };
}

/** Cross-shard counts of one contract group or function. */
class Scope {
  #transactions = 0;
  #crossShard = 0;
  readonly #pulls = new Map<string, number>();

  /** One transaction; `pulling`: the groups on other shards (repeats counted once). */
  add(cross: boolean, pulling: readonly string[]): void {
    this.#transactions++;
    if (!cross) return;
    this.#crossShard++;
    for (const group of new Set(pulling)) this.#pulls.set(group, (this.#pulls.get(group) ?? 0) + 1);
  }

  figures(): { transactions: number; crossShard: number; crossShardRate: number; pulledBy: ShardPull[] } {
    return {
      transactions: this.#transactions,
      crossShard: this.#crossShard,
      crossShardRate: this.#transactions > 0 ? this.#crossShard / this.#transactions : 0,
      pulledBy: [...this.#pulls]
        .map(([contract, transactions]) => ({ contract, transactions }))
        .sort((a, b) => b.transactions - a.transactions || (a.contract < b.contract ? -1 : 1)),
    };
  }
}

function scopeOf(map: Map<string, Scope>, name: string): Scope {
  let scope = map.get(name);
  if (scope === undefined) {
    scope = new Scope();
    map.set(name, scope);
  }
  return scope;
}
