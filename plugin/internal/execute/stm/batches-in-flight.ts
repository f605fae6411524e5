import type { WorkerSlot } from "../workers/index.ts";

/** A batch handed to a worker; `abandoned` once the main thread took its transactions over. */
export interface Dispatch {
  slot: WorkerSlot;
  txs: number[];
  abandoned: boolean;
  /** Settles once its results (or its loss) have been processed. */
  done?: Promise<void>;
}

/**
 * The batches of a block that are out on workers: which batch holds each transaction (at most
 * one: invariant 1 in parallel-executor.ts), and, per worker, the transactions whose results it
 * holds in its replica but the main thread dropped (batches taken over), to restore in its next task.
 */
export class BatchesInFlight {
  private readonly holders: Array<Dispatch | undefined>;
  private readonly dispatches = new Set<Dispatch>();
  private readonly dropped = new Map<WorkerSlot, Set<number>>();

  constructor(n: number) {
    this.holders = new Array(n);
  }

  add(slot: WorkerSlot, txs: number[]): Dispatch {
    const dispatch: Dispatch = { slot, txs, abandoned: false };
    for (const tx of txs) this.holders[tx] = dispatch;
    this.dispatches.add(dispatch);
    return dispatch;
  }

  /** The batch came back or was lost. */
  settled(dispatch: Dispatch): void {
    this.dispatches.delete(dispatch);
    for (const tx of dispatch.txs) if (this.holders[tx] === dispatch) this.holders[tx] = undefined;
  }

  /** The batch in flight that holds `tx`. */
  holder(tx: number): Dispatch | undefined {
    return this.holders[tx];
  }

  /**
   * Abandons every batch `slot` holds: their results will be ignored, and their transactions no
   * longer held; `release(tx)` for each transaction that was held. The worker's replica records those
   * results, so they are kept as dropped for `slot` (see `takeDropped`).
   */
  abandonAll(slot: WorkerSlot, release: (tx: number) => void): void {
    let dropped = this.dropped.get(slot);
    if (dropped === undefined) this.dropped.set(slot, (dropped = new Set()));
    for (const dispatch of this.dispatches) {
      if (dispatch.slot !== slot || dispatch.abandoned) continue;
      dispatch.abandoned = true;
      for (const tx of dispatch.txs) {
        dropped.add(tx);
        if (this.holders[tx] !== dispatch) continue;
        this.holders[tx] = undefined;
        release(tx);
      }
    }
  }

  /** The transactions whose results `slot`'s replica holds but the main thread dropped (then forgotten). */
  takeDropped(slot: WorkerSlot): Set<number> | undefined {
    const dropped = this.dropped.get(slot);
    this.dropped.delete(slot);
    return dropped;
  }
}
