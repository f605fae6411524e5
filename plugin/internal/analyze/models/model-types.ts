/**
 * The `models` section of a scenario's analysis (JSON report, schema version 1): how the scenario's
 * blocks would run under each kind of parallel EVM, per scenario, contract group and function.
 * Definitions, precise enough to recompute by hand: README.md, "Execution models".
 */

/** The execution models, in the order the reports list them. */
export const MODEL_NAMES = [
  "optimistic",
  "optimistic-strict",
  "bal",
  "locks",
  "locks-predicted",
  "locks-exclusive",
  "sharded",
] as const;

export type ModelName = (typeof MODEL_NAMES)[number];

/** The models built on a dependency graph of each block (all but "sharded"). */
export type GraphModelName = Exclude<ModelName, "sharded">;

/** One line each, for the reports and `--help`. */
export const MODEL_TITLES: Record<ModelName, string> = {
  optimistic: "optimistic (Block-STM)",
  "optimistic-strict": "optimistic, strict credits",
  bal: "BAL-parallel validation",
  locks: "locks, declared = actual",
  "locks-predicted": "locks, declared = predicted",
  "locks-exclusive": "locks, every key exclusive",
  sharded: "sharded",
};

/** Shard counts of the sharded model when `--shards` is not given. */
export const DEFAULT_SHARDS = [2, 4, 8] as const;

/** How one conflict through a key arises: the later transaction reads / writes what the earlier wrote / read. */
export type ConflictKind = "raw" | "waw" | "war";

/**
 * What bounds the makespan at k threads (the largest of three lower bounds, in gas):
 * - "threads": totalGas / k;
 * - "dependencies": the critical path of the model's graph;
 * - "largest-transaction": the critical path is no longer than the largest transaction;
 * - "misses" (locks-predicted): the critical path runs through a transaction whose declaration missed a key.
 */
export type LimitingFactor = "threads" | "dependencies" | "largest-transaction" | "misses";

export interface ModelSpeedup {
  /** k, one of PROCESSOR_COUNTS. */
  threads: number;
  /** List-scheduling makespan on k threads, in gas units (summed over blocks). */
  makespanGas: number;
  /** totalGas / makespanGas (1 when totalGas is 0). */
  speedup: number;
  limit: LimitingFactor;
}

/** A key behind a model's conflicts in one scope, with the conflicts it is behind, by kind. */
export interface ModelKeyCount {
  /** KeyName.name: "HotCounter.count", "Token.balanceOf[0xab…]". */
  name: string;
  /** KeyName.variable (null for an unresolved slot). */
  variable: string | null;
  /** Contract group of the key's address, null for an EOA. */
  contract: string | null;
  /** Graph edges with the key among their keys (raw + waw + war). */
  conflicts: number;
  raw: number;
  waw: number;
  war: number;
}

/** Cost of declarations that missed keys (locks-predicted). */
export interface DeclarationMisses {
  /** Transactions whose declared sets lack a key they accessed (or declare read a key they wrote). */
  transactions: number;
  /** Their gas: each runs twice, the first run wasted. */
  wastedGas: number;
  /** The keys missed, by transactions that missed them (at most 10). */
  keys: ModelKeyCount[];
}

/** One graph model's figures in one scope, summed over blocks. */
export interface ModelFigures {
  model: GraphModelName;
  transactions: number;
  /** Gas the model runs: totalGas, plus wasted runs under locks-predicted. */
  totalGas: number;
  /** Edges of the model's graph among the scope's transactions. */
  dependencies: number;
  /** Transactions with at least one edge into them. */
  dependentTransactions: number;
  /** dependentTransactions / transactions (0 when there are none). */
  conflictRate: number;
  /** Heaviest chain of the model's graph (summed over blocks). */
  criticalPathGas: number;
  /** The largest transaction of each block, summed. */
  largestTransactionGas: number;
  /** One per PROCESSOR_COUNTS value, in that order. */
  speedups: ModelSpeedup[];
  /** The keys behind the most edges (at most 10), by conflicts, then name. */
  keys: ModelKeyCount[];
  /** locks-predicted only. */
  misses?: DeclarationMisses;
}

export interface NamedModelFigures {
  name: string;
  models: ModelFigures[];
}

/** A contract group on the other side of cross-shard transactions. */
export interface ShardPull {
  contract: string;
  /** Cross-shard transactions in which it sits on another shard. */
  transactions: number;
}

export interface ShardedContract {
  name: string;
  /** Instances of the group, with the shard each is placed on. */
  placement: Array<{ address: string; shard: number }>;
  /** Transactions touching an instance. */
  transactions: number;
  /** Of those, the ones touching more than one shard. */
  crossShard: number;
  crossShardRate: number;
  /** Contract groups on other shards in those transactions, by transactions (descending), then name. */
  pulledBy: ShardPull[];
}

export interface ShardedFunction {
  /** The top-level function ("Contract.signature", "(ETH transfer)", "(create)"). */
  name: string;
  transactions: number;
  crossShard: number;
  crossShardRate: number;
  pulledBy: ShardPull[];
}

/** The sharded model for one placement and one shard count. */
export interface ShardedFigures {
  placement: "hash" | "partition";
  shards: number;
  transactions: number;
  /** Transactions whose contracts lie on more than one shard. */
  crossShard: number;
  crossShardRate: number;
  totalGas: number;
  /** Gas each shard runs: every transaction touching it counts in full (a cross-shard one on each of its shards). */
  shardGas: number[];
  /** Σ shardGas / totalGas: the gas cross-shard transactions add. */
  duplication: number;
  /** max shardGas / mean shardGas. */
  imbalance: number;
  /** totalGas / max shardGas = shards / (duplication × imbalance). */
  speedup: number;
  /** "shards" when speedup = shards, else "cross-shard" when duplication ≥ imbalance, else "shard-load". */
  limit: "cross-shard" | "shard-load" | "shards";
  contracts: ShardedContract[];
  functions: ShardedFunction[];
}

export interface ExecutionModels {
  /** The models computed (`--model`), in MODEL_NAMES order. */
  models: ModelName[];
  /** Models asked for that could not be computed, with why (locks-predicted needs engine capture). */
  unavailable: Array<{ model: ModelName; reason: string }>;
  summary: ModelFigures[];
  contracts: NamedModelFigures[];
  functions: NamedModelFigures[];
  /** Builder of the bal model: it runs each block in order and publishes its access list. */
  builder?: { speedup: 1; balBytes: number | null };
  /** One entry per placement and shard count, hash first; absent without the sharded model. */
  sharded?: ShardedFigures[];
}

/** Which models to compute, and the shard counts of the sharded model. */
export interface ModelOptions {
  models: readonly ModelName[];
  shards: readonly number[];
}
