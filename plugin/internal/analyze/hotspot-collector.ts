import type { StateKey } from "../capture/types.ts";
import type { EdgeKey } from "./block-dependencies.ts";
import { FunctionCounter } from "./function-counter.ts";
import type { TransactionProfile } from "./transaction-profile.ts";
import type { DependencyClassCounts, Hotspot, KeyName } from "./types.ts";

interface KeyTally {
  name: KeyName;
  dependencies: number;
  byClass: DependencyClassCounts;
  blocks: Set<number>;
  writers: FunctionCounter;
  readers: FunctionCounter;
}

/** Tallies, per key, the dependencies it causes and the functions on both sides. */
export class HotspotCollector {
  readonly #tallies = new Map<StateKey, KeyTally>();

  /** One dependency through `edgeKey`, from `writer` to `reader`, in block `block`. */
  record(block: number, edgeKey: EdgeKey, name: KeyName, writer: TransactionProfile, reader: TransactionProfile): void {
    let tally = this.#tallies.get(edgeKey.key);
    if (tally === undefined) {
      tally = {
        name,
        dependencies: 0,
        byClass: { sameSender: 0, contract: 0, balance: 0 },
        blocks: new Set(),
        writers: new FunctionCounter(),
        readers: new FunctionCounter(),
      };
      this.#tallies.set(edgeKey.key, tally);
    }
    tally.name = name;
    tally.dependencies++;
    if (edgeKey.class === "same-sender") tally.byClass.sameSender++;
    else tally.byClass[edgeKey.class]++;
    tally.blocks.add(block);
    for (const fn of writer.writersByStorage.get(name.address) ?? functionsOn(writer, name.address))
      tally.writers.add(fn);
    for (const fn of functionsOn(reader, name.address)) tally.readers.add(fn);
  }

  /** Hotspots by dependencies caused (descending), then name. */
  hotspots(): Hotspot[] {
    return [...this.#tallies.values()]
      .map((tally) => ({
        ...tally.name,
        dependencies: tally.dependencies,
        byClass: tally.byClass,
        blocks: tally.blocks.size,
        writers: tally.writers.list(),
        readers: tally.readers.list(),
      }))
      .sort((a, b) => b.dependencies - a.dependencies || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/**
 * Functions of the transaction with a frame on `address` (for writers: a frame that may write, when
 * there is one); else its top-level function (e.g. for a sender's nonce).
 */
function functionsOn(profile: TransactionProfile, address: string): Iterable<string> {
  return profile.functionsByStorage.get(address) ?? [profile.topLevel];
}
