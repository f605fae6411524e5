/** A pending transaction as the block will hold it. */
export interface PendingTx {
  hash: string;
  from: string;
  to: string | null;
  nonce: number;
  raw: string;
}
