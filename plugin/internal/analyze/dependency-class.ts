import type { StateKey } from "../capture/types.ts";
import type { DependencyClass } from "./types.ts";

/**
 * The class of a dependency through `key`, between a writer sent by `writerFrom` and a reader sent by
 * `readerFrom`. The nonce or balance of an EOA that sends either transaction is "same-sender"; the
 * balance of any other EOA is "balance" (payments to one address: commutative in principle, like the
 * fee credit, but Block-STM and pevm still serialise them); everything else is "contract".
 */
export function classifyDependencyKey(
  key: StateKey,
  writerFrom: string,
  readerFrom: string,
  isEoa: (address: string) => boolean,
): DependencyClass {
  const address = key.slice(0, 42);
  const field = key.slice(43);
  if ((field !== "balance" && field !== "nonce") || !isEoa(address)) return "contract";
  if (address === writerFrom || address === readerFrom) return "same-sender";
  return field === "balance" ? "balance" : "contract";
}
