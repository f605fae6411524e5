import type { StateKey } from "../capture/types.ts";
import type { TxRun } from "./evm-runner.ts";
import type { StateValue } from "./state-values.ts";
import type { StateSource } from "./state-source.ts";

import { MissingStateError, balanceOf, creditedBalance, isCreditKey } from "./state-values.ts";

/**
 * The state during an in-order run of a block: a pre-state (`pre`, undefined for an unknown key),
 * overlaid with every write so far. The beneficiary's balance is the last explicit value plus the
 * fees credited since (fee credits are deltas, see TxStateView); so is the balance of a contract
 * credited by value transfers that did not observe it (`:credit` writes).
 */
export class RunningState implements StateSource {
  readonly overlay = new Map<StateKey, StateValue>();
  private readonly pre: (key: StateKey) => StateValue | undefined;
  private readonly coinbaseKey: StateKey;
  private fees = 0n;
  /** Credits since the last explicit value, by balance key. */
  private readonly credits = new Map<StateKey, bigint>();

  constructor(pre: (key: StateKey) => StateValue | undefined, beneficiary: string) {
    this.pre = pre;
    this.coinbaseKey = balanceOf(beneficiary.toLowerCase());
  }

  read(key: StateKey): StateValue {
    const value = this.overlay.get(key) ?? this.pre(key);
    if (value === undefined) throw new MissingStateError(key);
    if (key === this.coinbaseKey) return (value as bigint) + this.fees;
    const credit = this.credits.get(key);
    return credit === undefined ? value : (value as bigint) + credit;
  }

  apply(run: TxRun): void {
    for (const [key, value] of run.writes) {
      if (isCreditKey(key)) {
        const balance = creditedBalance(key);
        this.credits.set(balance, (this.credits.get(balance) ?? 0n) + (value as bigint));
        continue;
      }
      this.overlay.set(key, value);
      if (key === this.coinbaseKey) this.fees = 0n;
      this.credits.delete(key);
    }
    this.fees += run.feeDelta;
  }

  /** Balance keys with credits on top of their last explicit value. */
  creditedKeys(): IterableIterator<StateKey> {
    return this.credits.keys();
  }

  hasCredits(key: StateKey): boolean {
    return this.credits.has(key);
  }
}
