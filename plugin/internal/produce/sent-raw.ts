/**
 * The transactions a connection sent, by hash, until the block that holds them is produced: the
 * order the network accepted them (EDR's mempool order, for pending-selection.ts), and the signed
 * transaction of each `eth_sendRawTransaction`, which then needs no re-serialisation from EDR's
 * JSON (capture/raw-transaction.ts, ~0.3 ms a transaction; others are re-serialised).
 */
export class SentRaw {
  private readonly byHash = new Map<string, string>();
  /** Every transaction accepted (any send), numbered in the order the network accepted them. */
  private readonly arrivals = new Map<string, number>();
  private accepted = 0;

  /**
   * A transaction the network accepted (its hash; `raw`: the signed transaction, when it was sent
   * as one), numbered in order: its place in the mempool.
   */
  note(hash: string, raw?: string): void {
    const key = hash.toLowerCase();
    this.arrivals.set(key, this.accepted++);
    if (raw !== undefined) this.byHash.set(key, raw.toLowerCase());
  }

  arrivalOf(hash: string): number | undefined {
    return this.arrivals.get(hash.toLowerCase());
  }

  /** The raw transaction sent with this hash, if it was sent as one (kept). */
  raw(hash: string): string | undefined {
    return this.byHash.get(hash.toLowerCase());
  }

  /** The raw transaction sent with this hash; the transaction is forgotten once taken (it is being mined). */
  take(hash: string): string | undefined {
    const key = hash.toLowerCase();
    const raw = this.byHash.get(key);
    this.byHash.delete(key);
    this.arrivals.delete(key);
    return raw;
  }
}
