import type { Eip1193Provider } from "../rpc/index.ts";
import type { StateKey } from "../capture/types.ts";
import type { StateValue } from "../evm/index.ts";

import { CodeStore, fromCaptureValue, fetchState } from "../evm/index.ts";

/**
 * What the engine knows of the head state (the state after the network's latest block): values
 * fetched from the network at that block, and the post-state of blocks this stage ran and EDR then
 * mined identically. It is valid for one head: `at()` with another head, or `invalidate()` (state
 * changed by other means, e.g. `hardhat_setBalance`), drops it.
 */
export class HeadState {
  readonly codes = new CodeStore();
  private readonly values = new Map<StateKey, StateValue>();
  private readonly provider: Eip1193Provider;
  private head: { number: number; hash: string } | undefined;

  constructor(provider: Eip1193Provider) {
    this.provider = provider;
  }

  get number(): number {
    return this.head?.number ?? -1;
  }

  /** Makes this the state after block `number` (whose hash is `hash`). */
  at(number: number, hash: string): void {
    if (this.head?.hash !== hash) this.values.clear();
    this.head = { number, hash };
  }

  invalidate(): void {
    this.values.clear();
    this.head = undefined;
  }

  get(key: StateKey): StateValue | undefined {
    return this.values.get(key);
  }

  /** Fetches the keys not known yet, at the head block. */
  async fetch(keys: Iterable<StateKey>): Promise<void> {
    if (this.head === undefined) throw new Error("head state used before at()");
    const missing = [...new Set(keys)].filter((key) => !this.values.has(key));
    if (missing.length === 0) return;
    for (const [key, hex] of await fetchState(this.provider, this.head.number, missing)) {
      this.values.set(key, fromCaptureValue(key, hex, this.codes));
    }
  }

  /** After a block this stage ran was mined as run: its writes make the next head state. */
  advance(number: number, hash: string, post: ReadonlyMap<StateKey, StateValue>): void {
    for (const [key, value] of post) this.values.set(key, value);
    this.head = { number, hash };
  }
}
