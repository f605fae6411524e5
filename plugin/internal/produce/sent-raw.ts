/**
 * Signed transactions as clients sent them (`eth_sendRawTransaction`), by hash, until the block
 * that holds them is produced: the pending block then needs no re-serialisation from EDR's JSON
 * (capture/raw-transaction.ts, ~0.3 ms a transaction). Others are re-serialised as before.
 */
export class SentRaw {
  private readonly byHash = new Map<string, string>();
  /** Every transaction accepted (any send), numbered in the order the network accepted them. */
  private readonly arrivals = new Map<string, number>();
  private accepted = 0;

  note(hash: string, raw: string): void {
    this.byHash.set(hash.toLowerCase(), raw.toLowerCase());
  }

  /** A transaction the network accepted (its hash), raw or not: its place in the mempool's order. */
  arrived(hash: string): void {
    this.arrivals.set(hash.toLowerCase(), this.accepted++);
  }

  arrivalOf(hash: string): number | undefined {
    return this.arrivals.get(hash.toLowerCase());
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
