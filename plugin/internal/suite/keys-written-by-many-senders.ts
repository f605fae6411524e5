import type { CallRecord } from "./types.ts";

/** Keys written by calls from two or more distinct senders (any functions). */
export function keysWrittenByManySenders(records: readonly CallRecord[]): Set<string> {
  const senders = new Map<string, Set<string>>();
  for (const record of records) {
    for (const written of record.writes) {
      const set = senders.get(written.key) ?? new Set<string>();
      set.add(record.sender);
      senders.set(written.key, set);
    }
  }
  return new Set([...senders].filter(([, set]) => set.size >= 2).map(([key]) => key));
}
