import type { StateKey } from "../capture/types.ts";
import type { TxRun } from "./evm-runner.ts";
import type { StateValue } from "./state-values.ts";
import type { StateSource } from "./tx-state-view.ts";

import { MissingStateError, balanceOf } from "./state-values.ts";

/**
 * The state during an in-order run of a block: a pre-state (`pre`, undefined for an unknown key),
 * overlaid with every write so far. The beneficiary's balance is the last explicit value plus the
 * fees credited since (fee credits are deltas, see TxStateView).
 */
export class RunningState implements StateSource {
  readonly overlay = new Map<StateKey, StateValue>();
  private readonly pre: (key: StateKey) => StateValue | undefined;
  private readonly coinbaseKey: StateKey;
  private fees = 0n;

  constructor(pre: (key: StateKey) => StateValue | undefined, beneficiary: string) {
    this.pre = pre;
    this.coinbaseKey = balanceOf(beneficiary.toLowerCase());
  }

  read(key: StateKey): StateValue {
    const value = this.overlay.get(key) ?? this.pre(key);
    if (value === undefined) throw new MissingStateError(key);
    return key === this.coinbaseKey ? (value as bigint) + this.fees : value;
  }

  apply(run: TxRun): void {
    for (const [key, value] of run.writes) {
      this.overlay.set(key, value);
      if (key === this.coinbaseKey) this.fees = 0n;
    }
    this.fees += run.feeDelta;
  }
}
