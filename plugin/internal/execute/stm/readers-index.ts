import type { StateKey } from "../../capture/types.ts";

/**
 * For every key, the uncommitted transactions whose latest execution read it: when a new result
 * changes a key's value, these are the readers above it that may have to run again. A committed
 * transaction leaves the index (it is never invalidated again), so the index stays small.
 */
export class ReadersIndex {
  private readonly readers = new Map<StateKey, Set<number>>();

  /** `tx`'s latest execution read `reads`; its previous one, if any, read `previous`. */
  replace(tx: number, previous: Iterable<StateKey> | undefined, reads: Iterable<StateKey>): void {
    if (previous !== undefined) this.remove(tx, previous);
    for (const key of reads) {
      let set = this.readers.get(key);
      if (set === undefined) this.readers.set(key, (set = new Set()));
      set.add(tx);
    }
  }

  /** `tx` committed, or its reads were replaced. */
  remove(tx: number, reads: Iterable<StateKey>): void {
    for (const key of reads) this.readers.get(key)?.delete(tx);
  }

  of(key: StateKey): Iterable<number> {
    return this.readers.get(key) ?? [];
  }
}
