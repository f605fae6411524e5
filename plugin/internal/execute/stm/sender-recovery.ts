/** Transactions per recovery task: ~1.5–2 ms of a worker's time (ECDSA recovery ~90 µs each). */
export const RECOVERY_CHUNK = 16;

/**
 * Sender recovery ahead of the main thread. When the main thread runs transactions itself
 * (sequential mode), or a worker has nothing to execute (the rest of the block is in chains of
 * serial classes that other workers run), idle workers recover the senders of the next
 * transactions whose sender is not known yet: ~7% of a DeFi transaction's cost that then leaves the
 * critical path (the main thread, or the chain's worker, gets the sender with the transaction).
 * Tracks which transactions were handed out, so each is recovered once.
 */
export class SenderRecovery {
  private readonly requested: Uint8Array;
  /** Every transaction below it was handed out or had its sender already. */
  private cursor = 0;

  constructor(n: number) {
    this.requested = new Uint8Array(n);
  }

  /** Up to `RECOVERY_CHUNK` transactions from `from` on whose sender is unknown and not requested. */
  next(from: number, known: (tx: number) => boolean): number[] {
    const chunk: number[] = [];
    let tx = Math.max(from, this.cursor);
    for (; tx < this.requested.length && chunk.length < RECOVERY_CHUNK; tx++) {
      if (this.requested[tx] === 1 || known(tx)) continue;
      this.requested[tx] = 1;
      chunk.push(tx);
    }
    this.cursor = tx;
    return chunk;
  }

  /** A recovery task was lost: its transactions may be handed out again. */
  lost(chunk: number[]): void {
    for (const tx of chunk) this.requested[tx] = 0;
    if (chunk.length > 0) this.cursor = Math.min(this.cursor, chunk[0]);
  }
}
