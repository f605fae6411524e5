import type { StateKey } from "../capture/types.ts";
import type { StateValue } from "./state-values.ts";

/** Where a transaction's view reads the state as it was before the transaction. */
export interface StateSource {
  /** Throws MissingStateError for a key nobody knows yet. */
  read(key: StateKey): StateValue;
}
