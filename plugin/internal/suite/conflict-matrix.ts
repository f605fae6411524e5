import type { CallRecord, ConflictCell } from "./types.ts";

import { compare, variableId } from "./variable-ref.ts";

/**
 * The function-by-function conflict matrix, as a list of its non-empty cells: writer f and reader g
 * conflict when a call of f writes a key that a call of g from another sender reads (calls are taken
 * as if in one block, in any order). With S_f the senders of f's calls writing the key and S_g those
 * of g's calls reading it, that is |S_f ∪ S_g| ≥ 2. A write is also a read, so f conflicts with
 * itself when two senders' calls of f write one key.
 */
export function conflictMatrix(records: readonly CallRecord[]): ConflictCell[] {
  const writers = new Map<string, Map<string, Set<string>>>();
  const readers = new Map<string, Map<string, Set<string>>>();
  const variables = new Map<string, string>();
  const note = (index: Map<string, Map<string, Set<string>>>, key: string, fn: string, sender: string) => {
    let byFunction = index.get(key);
    if (byFunction === undefined) index.set(key, (byFunction = new Map()));
    let senders = byFunction.get(fn);
    if (senders === undefined) byFunction.set(fn, (senders = new Set()));
    senders.add(sender);
  };
  for (const record of records) {
    for (const written of record.writes) {
      variables.set(written.key, variableId(written));
      for (const fn of written.functions) note(writers, written.key, fn, record.sender);
    }
    for (const read of record.reads) {
      for (const fn of read.functions) note(readers, read.key, fn, record.sender);
    }
  }
  const cells = new Map<string, { writer: string; reader: string; variables: Set<string>; keys: number }>();
  for (const [key, byWriter] of writers) {
    for (const [writer, writerSenders] of byWriter) {
      for (const [reader, readerSenders] of readers.get(key) ?? []) {
        if (new Set([...writerSenders, ...readerSenders]).size < 2) continue;
        const id = `${writer}\n${reader}`;
        const cell = cells.get(id) ?? { writer, reader, variables: new Set<string>(), keys: 0 };
        cell.variables.add(variables.get(key)!);
        cell.keys++;
        cells.set(id, cell);
      }
    }
  }
  return [...cells.values()]
    .map((cell) => ({ ...cell, variables: [...cell.variables].sort(compare) }))
    .sort((a, b) => compare(a.writer, b.writer) || compare(a.reader, b.reader));
}
