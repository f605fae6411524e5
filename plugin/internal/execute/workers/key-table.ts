import type { StateKey } from "../../capture/types.ts";
import type { StateValue } from "../../evm/index.ts";

/** A read or write set as it travels from a worker: key, value, key, value… (a key by index if the table has it). */
export type PackedEntries = Array<number | StateKey | StateValue>;

/**
 * The block's pre-state keys, in the order of its set-up, on the main thread and in every worker:
 * results name a key the table has by its index. State keys are ~110-character strings: sent as
 * text, every result's keys were copied, allocated afresh and hashed again on the main thread
 * (swaps read ~30 keys each: most of its garbage collection). Unpacked, they are the main
 * thread's own strings (hash already computed).
 */
export class KeyTable {
  readonly keys: StateKey[];
  private index: Map<StateKey, number> | undefined;

  constructor(keys: StateKey[]) {
    this.keys = keys;
  }

  pack(entries: Map<StateKey, StateValue>): PackedEntries {
    this.index ??= new Map(this.keys.map((key, i) => [key, i]));
    const packed: PackedEntries = [];
    for (const [key, value] of entries) packed.push(this.index.get(key) ?? key, value);
    return packed;
  }

  unpack(packed: PackedEntries): Map<StateKey, StateValue> {
    const entries = new Map<StateKey, StateValue>();
    for (let i = 0; i < packed.length; i += 2) {
      const key = packed[i];
      entries.set(typeof key === "number" ? this.keys[key] : (key as StateKey), packed[i + 1] as StateValue);
    }
    return entries;
  }
}
