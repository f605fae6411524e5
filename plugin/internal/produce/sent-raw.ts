/**
 * Signed transactions as clients sent them (`eth_sendRawTransaction`), by hash, until the block
 * that holds them is produced: the pending block then needs no re-serialisation from EDR's JSON
 * (capture/raw-transaction.ts, ~0.3 ms a transaction). Others are re-serialised as before.
 */
export class SentRaw {
  private readonly byHash = new Map<string, string>();

  note(hash: string, raw: string): void {
    this.byHash.set(hash.toLowerCase(), raw.toLowerCase());
  }

  /** The raw transaction sent with this hash, forgotten once taken. */
  take(hash: string): string | undefined {
    const key = hash.toLowerCase();
    const raw = this.byHash.get(key);
    if (raw !== undefined) this.byHash.delete(key);
    return raw;
  }
}
