/**
 * The execution models part of a scenario's page data (../analyze/models/model-types.ts → the page):
 * the figures the "Execution models" section draws, with each model's title. Plain data, every
 * string text.
 */
import type {
  ExecutionModels,
  GraphModelName,
  LimitingFactor,
  ModelFigures,
  ModelName,
  NamedModelFigures,
  ShardPull,
} from "../analyze/models/model-types.ts";

import { MODEL_TITLES } from "../analyze/models/model-types.ts";

/** The thread count of the per-contract and per-function model tables (S8). */
export const SCOPE_THREADS = 8;

export interface PageModels {
  /** One per computed graph model, in MODEL_NAMES order. */
  summary: PageModelRow[];
  /** The sharded model, when computed (its figures: `sharded`). */
  shardedTitle?: string;
  unavailable: Array<{ model: ModelName; title: string; reason: string }>;
  /** The bal model's builder: it runs each block in order (1×) and publishes the BAL. */
  builder?: { speedup: number; balBytes: number | null };
  /** Hash placements first, then partition; by shard count. */
  sharded?: PageSharded[];
  /** k of the `contracts` and `functions` speedups. */
  scopeThreads: number;
  /** The graph models of the scope tables' columns (those of `summary`). */
  scopeModels: Array<{ model: GraphModelName; title: string }>;
  contracts: PageModelScope[];
  functions: PageModelScope[];
}

export interface PageModelRow {
  model: GraphModelName;
  title: string;
  transactions: number;
  totalGas: number;
  conflictRate: number;
  criticalPathGas: number;
  /** One per processor count, in their order. */
  speedups: Array<{ threads: number; speedup: number; limit: LimitingFactor }>;
  /** locks-predicted: transactions whose declarations missed a key, and the gas of their wasted runs. */
  misses?: { transactions: number; wastedGas: number };
}

export interface PageModelScope {
  name: string;
  transactions: number;
  /** S at `scopeThreads` per model of `scopeModels`, in its order (null: the model has no figures here). */
  speedups: Array<number | null>;
}

export interface PageSharded {
  placement: "hash" | "partition";
  shards: number;
  transactions: number;
  crossShard: number;
  crossShardRate: number;
  duplication: number;
  imbalance: number;
  speedup: number;
  limit: "cross-shard" | "shard-load" | "shards";
  contracts: Array<{
    name: string;
    /** The shards its instances are placed on, ascending. */
    shards: number[];
    instances: number;
    transactions: number;
    crossShard: number;
    crossShardRate: number;
    pulledBy: ShardPull[];
  }>;
  functions: Array<{
    name: string;
    transactions: number;
    crossShard: number;
    crossShardRate: number;
    pulledBy: ShardPull[];
  }>;
}

/** The page's models, from a scenario's `models` (JSON report). */
export function modelsPage(models: ExecutionModels): PageModels {
  const scopeModels = models.summary.map((figures) => ({ model: figures.model, title: MODEL_TITLES[figures.model] }));
  const scope = ({ name, models: figures }: NamedModelFigures): PageModelScope => ({
    name,
    transactions: figures[0]?.transactions ?? 0,
    speedups: scopeModels.map(({ model }) => {
      const found = figures.find((f) => f.model === model)?.speedups.find((s) => s.threads === SCOPE_THREADS);
      return found === undefined ? null : found.speedup;
    }),
  });
  return {
    summary: models.summary.map(modelRow),
    ...(models.models.includes("sharded") ? { shardedTitle: MODEL_TITLES.sharded } : {}),
    unavailable: models.unavailable.map(({ model, reason }) => ({ model, title: MODEL_TITLES[model], reason })),
    ...(models.builder === undefined ? {} : { builder: { ...models.builder } }),
    ...(models.sharded === undefined
      ? {}
      : {
          sharded: models.sharded.map((s) => ({
            placement: s.placement,
            shards: s.shards,
            transactions: s.transactions,
            crossShard: s.crossShard,
            crossShardRate: s.crossShardRate,
            duplication: s.duplication,
            imbalance: s.imbalance,
            speedup: s.speedup,
            limit: s.limit,
            contracts: s.contracts.map((c) => ({
              name: c.name,
              shards: [...new Set(c.placement.map((p) => p.shard))].sort((a, b) => a - b),
              instances: c.placement.length,
              transactions: c.transactions,
              crossShard: c.crossShard,
              crossShardRate: c.crossShardRate,
              pulledBy: c.pulledBy.map(({ contract, transactions }) => ({ contract, transactions })),
            })),
            functions: s.functions.map((f) => ({
              name: f.name,
              transactions: f.transactions,
              crossShard: f.crossShard,
              crossShardRate: f.crossShardRate,
              pulledBy: f.pulledBy.map(({ contract, transactions }) => ({ contract, transactions })),
            })),
          })),
        }),
    scopeThreads: SCOPE_THREADS,
    scopeModels,
    contracts: models.contracts.map(scope),
    functions: models.functions.map(scope),
  };
}

function modelRow(figures: ModelFigures): PageModelRow {
  return {
    model: figures.model,
    title: MODEL_TITLES[figures.model],
    transactions: figures.transactions,
    totalGas: figures.totalGas,
    conflictRate: figures.conflictRate,
    criticalPathGas: figures.criticalPathGas,
    speedups: figures.speedups.map(({ threads, speedup, limit }) => ({ threads, speedup, limit })),
    ...(figures.misses === undefined
      ? {}
      : { misses: { transactions: figures.misses.transactions, wastedGas: figures.misses.wastedGas } }),
  };
}
