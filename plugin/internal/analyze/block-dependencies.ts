import type { CapturedTransaction, StateKey } from "../capture/types.ts";
import type { DependencyClass } from "./types.ts";

export interface EdgeKey {
  key: StateKey;
  class: DependencyClass;
}

/** `to` reads keys last written by `from`. */
export interface DependencyEdge {
  from: number;
  to: number;
  keys: EdgeKey[];
  /** At least one key of class "contract". */
  contract: boolean;
}

export type KeyClassifier = (key: StateKey, writerFrom: string, readerFrom: string) => DependencyClass;

interface KeyWriters {
  /** The nearest earlier writer. */
  last: number;
  /** Writers that did not read the key (fee credits) since the last writer that did, in order. */
  blind: number[];
}

/**
 * Dependencies of a block, as Block-STM sees them: a transaction reading a key depends on the NEAREST
 * earlier transaction that wrote it (the value it actually observes). Only reads create dependencies:
 * with multi-version memory a write-after-write does not.
 *
 * Linking to the nearest writer instead of every earlier writer changes neither the conflict rate nor
 * the critical path nor list-scheduling makespans, because writers also read (an SSTORE or a balance
 * update reads first, and `reads` includes written keys): with writers w1 < w2 < r of one key, w2
 * depends on w1 and r on w2, so the edge w1→r is implied transitively; a transitive edge never
 * lengthens a path (weights ≥ 0), and r cannot start before w2 finishes, which is after w1 finishes.
 * The exception is a write without a read — the capture's fee credit to the beneficiary, a delta: a
 * reader of such a key observes every credit, so it also depends on each blind writer since the last
 * writer that read the key.
 *
 * Edges come out ordered by (to, from); `transactions` must be in block order.
 */
export function findBlockDependencies(
  transactions: readonly CapturedTransaction[],
  classify: KeyClassifier,
): DependencyEdge[] {
  const writers = new Map<StateKey, KeyWriters>();
  const edges: DependencyEdge[] = [];
  transactions.forEach((reader, to) => {
    const byWriter = new Map<number, EdgeKey[]>();
    const link = (from: number, key: StateKey): void => {
      const entry = { key, class: classify(key, transactions[from].from, reader.from) };
      const keys = byWriter.get(from);
      if (keys === undefined) byWriter.set(from, [entry]);
      else if (keys[keys.length - 1].key !== key) keys.push(entry);
    };
    for (const key in reader.reads) {
      const known = writers.get(key);
      if (known === undefined) continue;
      for (const from of known.blind) link(from, key);
      link(known.last, key);
    }
    for (const from of [...byWriter.keys()].sort((a, b) => a - b)) {
      const keys = byWriter.get(from)!.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      edges.push({ from, to, keys, contract: keys.some((k) => k.class === "contract") });
    }
    for (const key in reader.writes) {
      const known = writers.get(key);
      if (key in reader.reads) writers.set(key, { last: to, blind: [] });
      else if (known === undefined) writers.set(key, { last: to, blind: [to] });
      else {
        known.blind.push(to);
        known.last = to;
      }
    }
  });
  return edges;
}
