import type { StateKey } from "../../capture/types.ts";
import type { DependencyEdge, EdgeKey, KeyClassifier } from "../block-dependencies.ts";
import type { ConflictKind } from "./model-types.ts";
import type { LockSets } from "./declared-access.ts";

/** A key of a model's edge, with how the conflict through it arises. */
export interface ModelEdgeKey extends EdgeKey {
  conflict: ConflictKind;
}

export interface ModelEdge extends DependencyEdge {
  keys: ModelEdgeKey[];
}

interface KeyLocks {
  /** The last transaction that write-locked the key, or -1. */
  writer: number;
  /** Transactions that read-locked it since. */
  readers: number[];
}

/**
 * The conflict graph of a lock-based scheduler with declared access (Solana's account locks): for
 * i < j, an edge i → j when they lock a common key and at least one of them write-locks it — RAW (i
 * writes, j reads), WAW (both write), WAR (i reads, j writes). Per key, a read links to the last
 * writer; a write links to the last writer and to every reader since. An earlier conflicting
 * transaction not linked directly is reached through that writer, so every conflicting pair is ordered
 * (the graph's transitive closure is the conflict relation). Edges come out ordered by (to, from), with
 * their keys sorted.
 */
export function findLockDependencies(
  locks: readonly LockSets[],
  senders: readonly string[],
  classify: KeyClassifier,
): ModelEdge[] {
  const byKey = new Map<StateKey, KeyLocks>();
  const edges: ModelEdge[] = [];
  locks.forEach((sets, to) => {
    const byWriter = new Map<number, ModelEdgeKey[]>();
    const link = (from: number, key: StateKey, conflict: ConflictKind): void => {
      const entry = { key, class: classify(key, senders[from], senders[to]), conflict };
      const keys = byWriter.get(from);
      if (keys === undefined) byWriter.set(from, [entry]);
      else keys.push(entry);
    };
    for (const key of sets.reads) {
      const state = byKey.get(key);
      if (state === undefined) byKey.set(key, { writer: -1, readers: [to] });
      else {
        if (state.writer >= 0) link(state.writer, key, "raw");
        state.readers.push(to);
      }
    }
    for (const key of sets.writes) {
      const state = byKey.get(key);
      if (state !== undefined) {
        if (state.writer >= 0) link(state.writer, key, "waw");
        for (const reader of state.readers) link(reader, key, "war");
      }
      byKey.set(key, { writer: to, readers: [] });
    }
    for (const from of [...byWriter.keys()].sort((a, b) => a - b)) {
      const keys = byWriter.get(from)!.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      edges.push({ from, to, keys, contract: keys.some((k) => k.class === "contract") });
    }
  });
  return edges;
}
