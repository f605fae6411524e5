import type { FunctionCount } from "./types.ts";

/** Counts of function names, listed by count (descending) then name. */
export class FunctionCounter {
  readonly #counts = new Map<string, number>();

  add(name: string, count = 1): void {
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + count);
  }

  addAll(counts: readonly FunctionCount[]): void {
    for (const { function: name, count } of counts) this.add(name, count);
  }

  list(): FunctionCount[] {
    return [...this.#counts]
      .map(([name, count]) => ({ function: name, count }))
      .sort((a, b) => b.count - a.count || (a.function < b.function ? -1 : 1));
  }
}
