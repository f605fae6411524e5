import type { StateKey } from "../../capture/types.ts";
import type { BlockScope } from "../block-breakdown.ts";
import { heaviestChain } from "../critical-path.ts";
import { listScheduleMakespan } from "../list-schedule.ts";
import { PROCESSOR_COUNTS, type KeyName } from "../types.ts";
import type { ModelEdge } from "./lock-dependencies.ts";
import type { BlockModelGraph } from "./model-graph.ts";
import type { GraphModelName, LimitingFactor, ModelFigures, ModelKeyCount } from "./model-types.ts";

const LISTED_KEYS = 10;

interface KeyTally {
  raw: number;
  waw: number;
  war: number;
  conflicts: number;
}

/**
 * One graph model's figures in one scope (the scenario, a contract group or a function), summed over
 * blocks as they are added. Within a block, the scope is the sub-graph induced by its transactions
 * and the edges through its keys; a missed transaction (locks-predicted) also waits for every earlier
 * transaction of the scope.
 */
export class ModelTally {
  readonly #model: GraphModelName;
  #transactions = 0;
  #totalGas = 0;
  #dependencies = 0;
  #dependent = 0;
  #criticalPathGas = 0;
  #largestGas = 0;
  readonly #makespans = PROCESSOR_COUNTS.map(() => 0);
  #missOnPath = false;
  #missedTransactions = 0;
  #wastedGas = 0;
  readonly #keys = new Map<StateKey, KeyTally>();
  readonly #missedKeys = new Map<StateKey, number>();

  constructor(model: GraphModelName) {
    this.#model = model;
  }

  add(graph: BlockModelGraph, scope: BlockScope<ModelEdge>, gasUsed: readonly number[]): void {
    const { nodes, edges } = scope;
    if (nodes.length === 0) return;
    const local = new Map<number, number>();
    nodes.forEach((tx, i) => local.set(tx, i));
    const weights = nodes.map((tx) => graph.weights[tx]);
    const predecessors: Set<number>[] = nodes.map(() => new Set());
    for (const edge of edges) {
      predecessors[local.get(edge.to)!].add(local.get(edge.from)!);
      this.#countKeys(edge);
    }
    nodes.forEach((tx, i) => {
      const keys = graph.missed.get(tx);
      if (keys === undefined) return;
      for (let earlier = 0; earlier < i; earlier++) predecessors[i].add(earlier);
      this.#missedTransactions++;
      this.#wastedGas += gasUsed[tx];
      for (const key of keys) this.#missedKeys.set(key, (this.#missedKeys.get(key) ?? 0) + 1);
    });
    const lists = predecessors.map((set) => [...set]);
    const { weight, chain } = heaviestChain(weights, lists);
    this.#transactions += nodes.length;
    this.#totalGas += weights.reduce((sum, gas) => sum + gas, 0);
    this.#dependencies += lists.reduce((sum, list) => sum + list.length, 0);
    this.#dependent += lists.filter((list) => list.length > 0).length;
    this.#criticalPathGas += weight;
    this.#largestGas += Math.max(...weights);
    if (chain.some((i) => graph.missed.has(nodes[i]))) this.#missOnPath = true;
    PROCESSOR_COUNTS.forEach((k, i) => (this.#makespans[i] += listScheduleMakespan(weights, lists, k)));
  }

  /** The figures so far; keys are named with `nameOf` (every key counted must have a name). */
  figures(nameOf: (key: StateKey) => KeyName): ModelFigures {
    const ratio = (num: number, den: number, otherwise: number) => (den > 0 ? num / den : otherwise);
    const figures: ModelFigures = {
      model: this.#model,
      transactions: this.#transactions,
      totalGas: this.#totalGas,
      dependencies: this.#dependencies,
      dependentTransactions: this.#dependent,
      conflictRate: ratio(this.#dependent, this.#transactions, 0),
      criticalPathGas: this.#criticalPathGas,
      largestTransactionGas: this.#largestGas,
      speedups: PROCESSOR_COUNTS.map((threads, i) => ({
        threads,
        makespanGas: this.#makespans[i],
        speedup: ratio(this.#totalGas, this.#makespans[i], 1),
        limit: this.#limit(threads),
      })),
      keys: listed(this.#keys, (key, tally) => ({ ...label(nameOf(key)), ...tally })),
    };
    if (this.#model === "locks-predicted") {
      figures.misses = {
        transactions: this.#missedTransactions,
        wastedGas: this.#wastedGas,
        keys: listed(this.#missedKeys, (key, count) => ({
          ...label(nameOf(key)),
          conflicts: count,
          raw: 0,
          waw: 0,
          war: 0,
        })),
      };
    }
    return figures;
  }

  /** Keys counted so far (to name them). */
  keys(): StateKey[] {
    return [...this.#keys.keys(), ...this.#missedKeys.keys()];
  }

  #limit(threads: number): LimitingFactor {
    const bound = Math.max(this.#criticalPathGas, this.#largestGas);
    if (bound <= this.#totalGas / threads) return "threads";
    if (this.#criticalPathGas <= this.#largestGas) return "largest-transaction";
    return this.#missOnPath ? "misses" : "dependencies";
  }

  #countKeys(edge: ModelEdge): void {
    for (const { key, conflict } of edge.keys) {
      let tally = this.#keys.get(key);
      if (tally === undefined) {
        tally = { raw: 0, waw: 0, war: 0, conflicts: 0 };
        this.#keys.set(key, tally);
      }
      tally[conflict]++;
      tally.conflicts++;
    }
  }
}

function label(name: KeyName): Pick<ModelKeyCount, "name" | "variable" | "contract"> {
  return { name: name.name, variable: name.variable, contract: name.contract };
}

/** The LISTED_KEYS entries with the highest count, then by name. */
function listed<T>(map: Map<StateKey, T>, make: (key: StateKey, value: T) => ModelKeyCount): ModelKeyCount[] {
  return [...map]
    .map(([key, value]) => make(key, value))
    .sort((a, b) => b.conflicts - a.conflicts || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, LISTED_KEYS);
}
