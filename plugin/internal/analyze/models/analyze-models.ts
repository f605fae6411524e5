import type { CaptureResult, CapturedBlock, StateKey } from "../../capture/types.ts";
import type { BlockWork } from "../block-analysis.ts";
import { contractScopes, functionScopes, type BlockScope } from "../block-breakdown.ts";
import { BlockCandidates } from "../block-candidates.ts";
import type { ContractDirectory } from "../contract-directory.ts";
import { classifyDependencyKey } from "../dependency-class.ts";
import type { KeyNamer } from "../key-namer.ts";
import { profileTransaction } from "../transaction-profile.ts";
import type { ModelEdge } from "./lock-dependencies.ts";
import { blockModelGraph } from "./model-graph.ts";
import { ModelTally } from "./model-tally.ts";
import type { ExecutionModels, GraphModelName, ModelName, ModelOptions, NamedModelFigures } from "./model-types.ts";
import { MODEL_NAMES } from "./model-types.ts";
import { analyzeSharding, touchedContracts, type ShardedTransaction } from "./sharding.ts";

/**
 * How the scenario's blocks fare under each execution model asked for (definitions: README.md,
 * "Execution models"): per graph model, the figures of the scenario, of each contract group and of each
 * function (the same scopes as the main figures); for "sharded", the cross-shard figures per placement
 * and shard count. locks-predicted needs every transaction's predicted sets (engine capture): without
 * them it is listed as unavailable. Keys are named with `namer`, shared with the rest of the analysis;
 * `blockWork`: each block's profiles and read-after-write edges as the main analysis computed them.
 * Pure: no I/O.
 */
export function analyzeModels(
  capture: CaptureResult,
  directory: ContractDirectory,
  namer: KeyNamer,
  options: ModelOptions,
  blockWork?: ReadonlyMap<CapturedBlock, BlockWork>,
): ExecutionModels {
  const asked = MODEL_NAMES.filter((model) => options.models.includes(model));
  const unavailable: ExecutionModels["unavailable"] = [];
  const predicted = capture.blocks.every((block) => block.transactions.every((tx) => tx.predicted !== undefined));
  if (asked.includes("locks-predicted") && !predicted) {
    unavailable.push({
      model: "locks-predicted",
      reason: "needs every transaction's predicted access sets: engine capture (--capture engine, in-process network)",
    });
  }
  const models = asked.filter((model) => !unavailable.some((entry) => entry.model === model));
  const graphModels = models.filter((model): model is GraphModelName => model !== "sharded");

  const summary = new Map(graphModels.map((model) => [model, new ModelTally(model)]));
  const contracts = new Map<string, Map<GraphModelName, ModelTally>>();
  const functions = new Map<string, Map<GraphModelName, ModelTally>>();
  const sharded: ShardedTransaction[] = [];
  const classify = (key: StateKey, writerFrom: string, readerFrom: string) =>
    classifyDependencyKey(key, writerFrom, readerFrom, directory.isEoa);

  for (const block of capture.blocks) {
    const txs = block.transactions;
    const known = blockWork?.get(block);
    const profiles = known?.profiles ?? txs.map((tx) => profileTransaction(tx, directory, new Map()));
    const gasUsed = txs.map((tx) => tx.gasUsed);
    const candidates = new BlockCandidates(txs, []);
    const named = new Set<StateKey>();
    const note = (key: StateKey, involved: number[]) => {
      if (named.has(key)) return;
      named.add(key);
      namer.name(key, candidates.sourceForTransactions(involved));
    };
    for (const model of graphModels) {
      const graph = blockModelGraph(block, model, classify, known?.edges);
      for (const edge of graph.edges) for (const { key } of edge.keys) note(key, [edge.from, edge.to]);
      for (const [index, keys] of graph.missed) for (const key of keys) note(key, [index]);
      const whole: BlockScope<ModelEdge> = { nodes: txs.map((_, index) => index), edges: graph.edges };
      summary.get(model)!.add(graph, whole, gasUsed);
      for (const [name, scope] of contractScopes(profiles, graph.edges, directory)) {
        tallyOf(contracts, name, model).add(graph, scope, gasUsed);
      }
      for (const [name, scope] of functionScopes(profiles, graph.edges)) {
        tallyOf(functions, name, model).add(graph, scope, gasUsed);
      }
    }
    if (models.includes("sharded")) {
      txs.forEach((tx, index) => {
        const entry = tx.to !== null && !directory.isEoa(tx.to) ? tx.to : null;
        const contracts = touchedContracts(tx, directory);
        sharded.push({ contracts, from: tx.from, gasUsed: tx.gasUsed, topLevel: profiles[index].topLevel, entry });
      });
    }
  }

  const nameOf = (key: StateKey) => namer.latest(key)!;
  const listed = (scopes: Map<string, Map<GraphModelName, ModelTally>>): NamedModelFigures[] =>
    [...scopes]
      .map(([name, tallies]) => ({
        name,
        models: graphModels.filter((model) => tallies.has(model)).map((model) => tallies.get(model)!.figures(nameOf)),
      }))
      .sort((a, b) => transactionsOf(b) - transactionsOf(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    models: models as ModelName[],
    unavailable,
    summary: graphModels.map((model) => summary.get(model)!.figures(nameOf)),
    contracts: listed(contracts),
    functions: listed(functions),
    ...(graphModels.includes("bal") ? { builder: { speedup: 1 as const, balBytes: null } } : {}),
    ...(models.includes("sharded") ? { sharded: analyzeSharding(sharded, directory, options.shards) } : {}),
  };
}

function tallyOf(
  scopes: Map<string, Map<GraphModelName, ModelTally>>,
  name: string,
  model: GraphModelName,
): ModelTally {
  let tallies = scopes.get(name);
  if (tallies === undefined) {
    tallies = new Map();
    scopes.set(name, tallies);
  }
  let tally = tallies.get(model);
  if (tally === undefined) {
    tally = new ModelTally(model);
    tallies.set(model, tally);
  }
  return tally;
}

function transactionsOf(entry: NamedModelFigures): number {
  return entry.models[0]?.transactions ?? 0;
}
