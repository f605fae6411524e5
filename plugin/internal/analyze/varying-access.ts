import type { StateKey } from "../capture/types.ts";
import type { VaryingAccess } from "./predicted-access-types.ts";

/** What names a varying entry; the counts are filled in by VaryingAccessGroups. */
export type VaryingEntry = Omit<VaryingAccess, "addresses" | "keys" | "calls">;

interface Group {
  entry: VaryingEntry;
  addresses: Set<string>;
  keys: Set<StateKey>;
  calls: Set<number>;
}

/** Varying accesses of one function, grouped by kind and generalised name. */
export class VaryingAccessGroups {
  readonly #groups = new Map<string, Group>();

  /** One access in call number `call`: a storage key, or (key null) an account listed for itself. */
  add(entry: VaryingEntry, address: string, key: StateKey | null, call: number): void {
    const id = `${entry.kind}\u0000${entry.name}`;
    let group = this.#groups.get(id);
    if (group === undefined) {
      group = { entry, addresses: new Set(), keys: new Set(), calls: new Set() };
      this.#groups.set(id, group);
    }
    group.addresses.add(address);
    if (key !== null) group.keys.add(key);
    group.calls.add(call);
  }

  /** By calls (descending), then name, slots before accounts. */
  list(): VaryingAccess[] {
    return [...this.#groups.values()]
      .map(({ entry, addresses, keys, calls }) => ({
        ...entry,
        addresses: addresses.size,
        keys: keys.size,
        calls: calls.size,
      }))
      .sort((a, b) => b.calls - a.calls || compare(a.name, b.name) || compare(b.kind, a.kind));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
