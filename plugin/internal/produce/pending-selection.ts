/**
 * The next block's transactions chosen as EDR's miner chooses them, without asking EDR to build
 * the pending block (`eth_getBlockByNumber("pending")` runs every transaction: ~0.5 ms each, while
 * the node holds back new sends). EDR's mempool is read with `eth_pendingTransactions` (no
 * execution), and the engine picks from it as it runs the block (`TxSource`), the way EDR's miner
 * does:
 * - each sender's transactions go in nonce order, from its nonce at the head, without a gap;
 * - of the senders' next transactions, the first in mempool order goes next: `fifo`, the order the
 *   node accepted them; `priority`, the highest effective miner fee (min(tip, fee cap − base fee);
 *   a legacy gas price less the base fee), ties in the order accepted;
 * - a transaction whose gas limit exceeds the gas left in the block, or whose fee cap is under the
 *   base fee, drops its sender's remaining transactions from the block.
 * The choice is checked after mining like everything else (the mined block holds the same
 * transactions in the same order): on a difference the engine runs EDR's block instead, with its
 * line (block-production.ts).
 */
import type { RpcTransaction } from "../capture/raw-transaction.ts";
import type { PendingTx } from "./pending-tx.ts";
import type { SentRaw } from "./sent-raw.ts";

import { rawTransaction } from "../capture/raw-transaction.ts";
import { MinHeap } from "../min-heap.ts";

export type MempoolOrder = "fifo" | "priority";

/** A transaction of EDR's mempool as eth_pendingTransactions gives it. */
export type PoolTransaction = RpcTransaction;

/** Where the engine takes a block's transactions from, one at a time. */
export interface TxSource {
  /** The next transaction given the gas left in the block, or undefined when the block is complete. */
  next(gasLeft: bigint): PendingTx | undefined;
  /** The transactions handed out, in block order. */
  readonly chosen: PendingTx[];
}

interface Candidate {
  source: PoolTransaction;
  nonce: number;
  gasLimit: bigint;
  feeCap: bigint;
  minerFee: bigint;
  arrival: number;
}

/**
 * The mempool as EDR's miner will walk it, or undefined when a transaction's place in the order
 * is not known (it was not accepted through this connection's sends).
 */
export function mempoolSource(
  pool: PoolTransaction[],
  nonces: ReadonlyMap<string, number>,
  order: MempoolOrder,
  baseFee: bigint,
  sent: SentRaw,
): TxSource | undefined {
  const bySender = new Map<string, Candidate[]>();
  for (const tx of pool) {
    const arrival = sent.arrivalOf(tx.hash);
    if (arrival === undefined) return undefined;
    const from = tx.from.toLowerCase();
    const feeCap = BigInt(tx.maxFeePerGas ?? tx.gasPrice ?? "0x0");
    const tip = BigInt(tx.maxPriorityFeePerGas ?? tx.gasPrice ?? "0x0");
    const minerFee = tip < feeCap - baseFee ? tip : feeCap - baseFee;
    const list = bySender.get(from) ?? [];
    list.push({ source: tx, nonce: Number(tx.nonce), gasLimit: BigInt(tx.gas), feeCap, minerFee, arrival });
    bySender.set(from, list);
  }
  const before = (a: Candidate, b: Candidate) =>
    order === "priority" && a.minerFee !== b.minerFee ? a.minerFee > b.minerFee : a.arrival < b.arrival;
  // One queue a sender, ordered by its next transaction. Only the run of nonces from the sender's
  // nonce at the head is minable.
  const queues = new MinHeap<Candidate[]>((a, b) => before(a[0], b[0]));
  for (const [from, list] of bySender) {
    list.sort((a, b) => a.nonce - b.nonce);
    let nonce = nonces.get(from);
    if (nonce === undefined) return undefined;
    const run: Candidate[] = [];
    for (const candidate of list) {
      if (candidate.nonce !== nonce) break;
      run.push(candidate);
      nonce++;
    }
    if (run.length > 0) queues.push(run);
  }
  const chosen: PendingTx[] = [];
  return {
    chosen,
    next(gasLeft: bigint) {
      for (let queue = queues.pop(); queue !== undefined; queue = queues.pop()) {
        const candidate = queue[0];
        // Out of the block, with the rest of its sender's transactions.
        if (candidate.gasLimit > gasLeft || candidate.feeCap < baseFee) continue;
        queue.shift();
        if (queue.length > 0) queues.push(queue);
        const { source } = candidate;
        const tx: PendingTx = {
          hash: source.hash,
          from: source.from.toLowerCase(),
          to: source.to?.toLowerCase() ?? null,
          nonce: candidate.nonce,
          raw: sent.take(source.hash) ?? rawTransaction(source),
        };
        chosen.push(tx);
        return tx;
      }
      return undefined;
    },
  };
}

/** A fixed list of transactions as a TxSource (the pending block EDR built): the gas left is not consulted. */
export function listSource(txs: PendingTx[]): TxSource {
  let next = 0;
  return { chosen: txs, next: () => txs[next++] };
}

/** EIP-1559: the base fee of the block after `parent` (elasticity 2, change denominator 8). */
export function nextBaseFee(parent: { baseFeePerGas?: string; gasUsed: string; gasLimit: string }): bigint {
  const base = BigInt(parent.baseFeePerGas ?? "0x0");
  const used = BigInt(parent.gasUsed);
  const target = BigInt(parent.gasLimit) / 2n;
  if (used === target || target === 0n) return base;
  if (used > target) {
    const delta = (base * (used - target)) / target / 8n;
    return base + (delta > 1n ? delta : 1n);
  }
  return base - (base * (target - used)) / target / 8n;
}
