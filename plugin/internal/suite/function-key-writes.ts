import type { CallRecord, KeySharing, TouchedKey } from "./types.ts";

/** The calls of one function that wrote one key. */
export interface FunctionKeyWrites {
  function: string;
  /** The key as first written (name, variable, declaration). */
  key: TouchedKey;
  senders: Set<string>;
  /** The calls, in capture order. */
  calls: CallRecord[];
  /** The caller chose the key in some call (see TouchedKey.chosenByCaller). */
  chosenByCaller: boolean;
  /** Every call that wrote it had its sender among the key's indexes. */
  keyedBySender: boolean;
}

/**
 * Function → key → the calls of that function that wrote the key. A key is attributed to every
 * function whose frame ran on the key's storage in the call.
 */
export function writesByFunctionAndKey(records: readonly CallRecord[]): Map<string, Map<string, FunctionKeyWrites>> {
  const byFunction = new Map<string, Map<string, FunctionKeyWrites>>();
  for (const record of records) {
    for (const written of record.writes) {
      for (const fn of written.functions) {
        let byKey = byFunction.get(fn);
        if (byKey === undefined) byFunction.set(fn, (byKey = new Map()));
        let entry = byKey.get(written.key);
        if (entry === undefined) {
          entry = {
            function: fn,
            key: written,
            senders: new Set(),
            calls: [],
            chosenByCaller: false,
            keyedBySender: true,
          };
          byKey.set(written.key, entry);
        }
        entry.senders.add(record.sender);
        if (entry.calls[entry.calls.length - 1] !== record) entry.calls.push(record);
        entry.chosenByCaller ||= written.chosenByCaller;
        entry.keyedBySender &&= written.indexes.some((index) => index.toLowerCase() === record.sender);
      }
    }
  }
  return byFunction;
}

/** Shared: calls of the function from two or more distinct senders wrote the key. */
export function sharingOf(writes: FunctionKeyWrites): KeySharing {
  return writes.senders.size >= 2 ? "shared" : "per-caller";
}
