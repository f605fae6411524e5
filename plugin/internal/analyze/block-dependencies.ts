import type { CapturedTransaction, StateKey } from "../capture/types.ts";
import type { DependencyClass } from "./types.ts";

export interface EdgeKey {
  key: StateKey;
  class: DependencyClass;
}

/** `to` reads keys whose nearest earlier writer in the block is `from`. */
export interface DependencyEdge {
  from: number;
  to: number;
  keys: EdgeKey[];
  /** At least one key of class "contract". */
  contract: boolean;
}

export type KeyClassifier = (key: StateKey, writerFrom: string, readerFrom: string) => DependencyClass;

/**
 * Dependencies of a block, as Block-STM sees them: a transaction reading a key depends on the NEAREST
 * earlier transaction that wrote it (the value it actually observes). Only reads create dependencies:
 * with multi-version memory a blind write-after-write does not.
 *
 * Linking to the nearest writer instead of to every earlier writer changes neither the conflict rate
 * nor the critical path nor list-scheduling makespans: a writer also reads the key it writes (an SSTORE
 * or balance update reads first; `reads` includes written keys), so with writers w1 < w2 < r of one
 * key, w2 depends on w1 and r on w2 — the edge w1→r is implied transitively, a transitive edge never
 * lengthens a path (weights are ≥ 0), and r cannot start before w2 finishes, which is after w1 finishes.
 *
 * Edges come out ordered by (to, from); `transactions` must be in block order.
 */
export function findBlockDependencies(
  transactions: readonly CapturedTransaction[],
  classify: KeyClassifier,
): DependencyEdge[] {
  const lastWriter = new Map<StateKey, number>();
  const edges: DependencyEdge[] = [];
  transactions.forEach((reader, to) => {
    const byWriter = new Map<number, EdgeKey[]>();
    for (const key in reader.reads) {
      const from = lastWriter.get(key);
      if (from === undefined) continue;
      const entry = { key, class: classify(key, transactions[from].from, reader.from) };
      const keys = byWriter.get(from);
      if (keys === undefined) byWriter.set(from, [entry]);
      else keys.push(entry);
    }
    const writers = [...byWriter.keys()].sort((a, b) => a - b);
    for (const from of writers) {
      const keys = byWriter.get(from)!;
      keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      edges.push({ from, to, keys, contract: keys.some((k) => k.class === "contract") });
    }
    for (const key in reader.writes) lastWriter.set(key, to);
  });
  return edges;
}
