import type { StateKey } from "../capture/types.ts";
import type { CodeStore } from "./code-store.ts";
import type { StateValue } from "./state-values.ts";

import { isCodeKey } from "./state-values.ts";

/**
 * The state before the block, as a flat map from state key to value. Keys not present are unknown
 * (not zero): reading one raises MissingStateError and the executor fetches it.
 */
export class PreState {
  readonly values = new Map<StateKey, StateValue>();

  get(key: StateKey): StateValue | undefined {
    return this.values.get(key);
  }

  set(key: StateKey, value: StateValue): void {
    this.values.set(key, value);
  }

  has(key: StateKey): boolean {
    return this.values.has(key);
  }

  get size(): number {
    return this.values.size;
  }

  /** Adds a value given in the capture's hex form (code as full hex, numbers as hex). */
  setFromCapture(key: StateKey, hex: string, codes: CodeStore): void {
    this.values.set(key, fromCaptureValue(key, hex, codes));
  }
}

export function fromCaptureValue(key: StateKey, hex: string, codes: CodeStore): StateValue {
  return isCodeKey(key) ? codes.addHex(hex) : BigInt(hex === "0x" ? 0 : hex);
}
