import type { CapturedTransaction, StateKey } from "../capture/types.ts";
import type { DependencyEdge } from "./block-dependencies.ts";
import { transactionCandidateWords } from "./candidate-words.ts";
import type { CandidateSource, InvolvedWords } from "./candidate-source.ts";

/** Mapping-key candidates of one block, computed lazily and once per transaction. */
export class BlockCandidates {
  readonly #transactions: readonly CapturedTransaction[];
  readonly #words = new Map<number, string[]>();
  readonly #involved = new Map<StateKey, Set<number>>();
  #blockWords: string[] | undefined;

  constructor(transactions: readonly CapturedTransaction[], edges: readonly DependencyEdge[]) {
    this.#transactions = transactions;
    for (const edge of edges) {
      for (const { key } of edge.keys) {
        const involved = this.#involved.get(key) ?? new Set<number>();
        involved.add(edge.from).add(edge.to);
        this.#involved.set(key, involved);
      }
    }
  }

  /** The candidate source for naming `key`. */
  sourceFor(key: StateKey): CandidateSource {
    return {
      blockWords: () => this.#allWords(),
      involvedWords: (): InvolvedWords[] =>
        [...(this.#involved.get(key) ?? [])].map((index) => ({
          id: this.#transactions[index].hash,
          words: this.#wordsOf(index),
        })),
    };
  }

  /** The candidate source for naming a key accessed by the transactions at `indices` (no dependency needed). */
  sourceForTransactions(indices: readonly number[]): CandidateSource {
    return {
      blockWords: () => this.#allWords(),
      involvedWords: (): InvolvedWords[] =>
        indices.map((index) => ({ id: this.#transactions[index].hash, words: this.#wordsOf(index) })),
    };
  }

  #wordsOf(index: number): string[] {
    let words = this.#words.get(index);
    if (words === undefined) {
      words = transactionCandidateWords(this.#transactions[index]);
      this.#words.set(index, words);
    }
    return words;
  }

  #allWords(): string[] {
    if (this.#blockWords === undefined) {
      const all = new Set<string>();
      this.#transactions.forEach((_, index) => {
        for (const word of this.#wordsOf(index)) all.add(word);
      });
      this.#blockWords = [...all];
    }
    return this.#blockWords;
  }
}
