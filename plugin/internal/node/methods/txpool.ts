/**
 * txpool_status, txpool_content and txpool_inspect for parallel-node, which EDR lacks, in geth's
 * shapes, from EDR's mempool (`eth_pendingTransactions`, every transaction it holds, automine off).
 * A sender's transactions are "pending" while their nonces run on without a gap from its nonce at
 * the latest block, the rest "queued" (waiting for a missing nonce), as geth's pool splits them.
 * Senders are keyed by checksummed address and transactions by decimal nonce, as geth does.
 */
import type { Forward } from "./forward.ts";

import { toChecksumAddress } from "@ethereumjs/util";

import { invalidParams } from "./method-error.ts";

/** A transaction object as EDR's eth_pendingTransactions gives it (blockHash, blockNumber null). */
export interface PoolTransaction {
  hash: string;
  from: string;
  to: string | null;
  nonce: string;
  value: string;
  gas: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  [field: string]: unknown;
}

type BySender<T> = Record<string, Record<string, T>>;

export interface TxpoolContent {
  pending: BySender<PoolTransaction>;
  queued: BySender<PoolTransaction>;
}

export interface TxpoolInspect {
  pending: BySender<string>;
  queued: BySender<string>;
}

/** `txpool_status()`: how many transactions are pending and queued, as hex quantities. */
export async function txpoolStatus(params: unknown[], forward: Forward): Promise<{ pending: string; queued: string }> {
  const { pending, queued } = await pool("txpool_status", params, forward);
  const count = (part: BySender<PoolTransaction>) =>
    Object.values(part).reduce((n, txs) => n + Object.keys(txs).length, 0);
  return { pending: "0x" + count(pending).toString(16), queued: "0x" + count(queued).toString(16) };
}

/** `txpool_content()`: the transactions themselves. */
export async function txpoolContent(params: unknown[], forward: Forward): Promise<TxpoolContent> {
  return pool("txpool_content", params, forward);
}

/** `txpool_inspect()`: one line a transaction, geth's "to: value wei + gas gas × price wei". */
export async function txpoolInspect(params: unknown[], forward: Forward): Promise<TxpoolInspect> {
  const { pending, queued } = await pool("txpool_inspect", params, forward);
  return { pending: mapSenders(pending, summary), queued: mapSenders(queued, summary) };
}

/**
 * geth's format: value, gas and price in decimal; the price is the gas price of a legacy or
 * EIP-2930 transaction and the fee cap (maxFeePerGas) of the later types.
 */
function summary(tx: PoolTransaction): string {
  const price = BigInt(tx.maxFeePerGas ?? tx.gasPrice ?? 0);
  const cost = `${BigInt(tx.value)} wei + ${BigInt(tx.gas)} gas × ${price} wei`;
  return tx.to == null ? `contract creation: ${cost}` : `${toChecksumAddress(tx.to)}: ${cost}`;
}

function mapSenders<T, U>(part: BySender<T>, f: (tx: T) => U): BySender<U> {
  const mapped: BySender<U> = {};
  for (const [sender, txs] of Object.entries(part)) {
    mapped[sender] = Object.fromEntries(Object.entries(txs).map(([nonce, tx]) => [nonce, f(tx)]));
  }
  return mapped;
}

async function pool(method: string, params: unknown[], forward: Forward): Promise<TxpoolContent> {
  if (params.length > 0) throw invalidParams(`${method} takes no parameters, got ${params.length}`);
  const txs = (await forward("eth_pendingTransactions", [])) as PoolTransaction[];
  const bySender = new Map<string, PoolTransaction[]>();
  for (const tx of txs) {
    const sender = toChecksumAddress(tx.from);
    bySender.set(sender, [...(bySender.get(sender) ?? []), tx]);
  }
  const content: TxpoolContent = { pending: {}, queued: {} };
  const senders = [...bySender.keys()].sort();
  const nonces = await Promise.all(senders.map((s) => forward("eth_getTransactionCount", [s, "latest"])));
  senders.forEach((sender, i) => {
    let next = BigInt(nonces[i] as string);
    for (const tx of bySender.get(sender)!.sort((a, b) => (BigInt(a.nonce) < BigInt(b.nonce) ? -1 : 1))) {
      const nonce = BigInt(tx.nonce);
      const part = nonce === next ? content.pending : content.queued;
      if (nonce === next) next++;
      (part[sender] ??= {})[nonce.toString()] = tx;
    }
  });
  return content;
}
