import type { StateKey } from "../capture/types.ts";
import type { NamedPredictedAccess, PredictedAccessFigures, PredictedKeyCount } from "./predicted-access-types.ts";
import type { KeyName } from "./types.ts";

export type NameOf = (key: StateKey) => KeyName;

/** Counts by key, listed by count (descending) then name. */
class KeyCounter {
  readonly #counts = new Map<StateKey, number>();

  add(keys: Iterable<StateKey>): void {
    for (const key of keys) this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  list(nameOf: NameOf): PredictedKeyCount[] {
    return [...this.#counts]
      .map(([key, count]) => {
        const { name, variable, contract } = nameOf(key);
        return { key, name, variable, contract, count };
      })
      .sort((a, b) => b.count - a.count || compare(a.name, b.name) || compare(a.key, b.key));
  }
}

/** Prediction figures of one scope (the scenario, a contract group, a function), accumulated. */
export class PredictionTally {
  #transactions = 0;
  #complete = 0;
  #missedDependencies = 0;
  #falseDependencies = 0;
  readonly #missedKeys = new KeyCounter();
  readonly #missedDependencyKeys = new KeyCounter();
  readonly #falseDependencyKeys = new KeyCounter();

  /** One transaction of the scope, with the scope's keys it accessed that were not predicted. */
  addTransaction(missed: readonly StateKey[]): void {
    this.#transactions++;
    if (missed.length === 0) this.#complete++;
    this.#missedKeys.add(missed);
  }

  /** One real dependency the predicted graph does not imply, through `keys`. */
  addMissedDependency(keys: readonly StateKey[]): void {
    this.#missedDependencies++;
    this.#missedDependencyKeys.add(keys);
  }

  /** One predicted dependency the real graph does not imply, through `keys`. */
  addFalseDependency(keys: readonly StateKey[]): void {
    this.#falseDependencies++;
    this.#falseDependencyKeys.add(keys);
  }

  figures(nameOf: NameOf): PredictedAccessFigures {
    return {
      transactions: this.#transactions,
      complete: this.#complete,
      completeRate: this.#transactions === 0 ? 0 : this.#complete / this.#transactions,
      missedKeys: this.#missedKeys.list(nameOf),
      missedDependencies: this.#missedDependencies,
      missedDependencyKeys: this.#missedDependencyKeys.list(nameOf),
      falseDependencies: this.#falseDependencies,
      falseDependencyKeys: this.#falseDependencyKeys.list(nameOf),
    };
  }
}

/** One tally per name (contract group or function). */
export class PredictionTallies {
  readonly #tallies = new Map<string, PredictionTally>();

  get(name: string): PredictionTally {
    let tally = this.#tallies.get(name);
    if (tally === undefined) {
      tally = new PredictionTally();
      this.#tallies.set(name, tally);
    }
    return tally;
  }

  /** Most missed dependencies first, then most incomplete transactions, then most transactions, then name. */
  list(nameOf: NameOf): NamedPredictedAccess[] {
    return [...this.#tallies]
      .map(([name, tally]) => ({ name, figures: tally.figures(nameOf) }))
      .sort(
        (a, b) =>
          b.figures.missedDependencies - a.figures.missedDependencies ||
          b.figures.transactions - b.figures.complete - (a.figures.transactions - a.figures.complete) ||
          b.figures.transactions - a.figures.transactions ||
          compare(a.name, b.name),
      );
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
