/**
 * The next block, run on the engine while its transactions arrive (parallel-node).
 *
 * Between blocks the node is mostly waiting for EDR to accept sends. A BlockStream uses that time:
 * each transaction the node accepts is decoded from its signed form (its sender recovered; one sent
 * by `eth_sendTransaction` is looked up in EDR's mempool, `eth_getTransactionByHash`) for its
 * sender, nonce, gas limit and fees and, when it is the next one the block would take, run on the
 * engine (BlockRun.push) against the head state, in the order EDR's miner would take it
 * (pending-selection.ts): a sender's transactions in nonce order (one with a nonce gap waits for
 * the missing one), the others in the order accepted. The stream stops taking transactions, and
 * keeps what it ran, where it cannot tell the miner's order: a transaction whose gas limit exceeds
 * the gas left, or whose fee cap is under the base fee; with `priority` order, one that pays a
 * higher miner fee than the one before it; a nonce already used (a replacement); anything the
 * engine cannot run.
 *
 * Nothing here is trusted: when the block is produced, the engine takes its transactions from
 * EDR's mempool as before, and the streamed run is kept only as far as that pick hands out the
 * same transactions in the same order (BlockRun.follow); the block is checked against EDR's
 * after mining like every other. So the stream only moves work out of the time when sends wait.
 */
import type { HeadState } from "./head-state.ts";
import type { BlockRun } from "./block-run.ts";
import type { MempoolOrder, PoolTransaction } from "./pending-selection.ts";
import type { SentRaw } from "./sent-raw.ts";
import type { Eip1193Provider } from "../rpc/index.ts";

import { rawTransaction } from "../capture/raw-transaction.ts";
import { nonceOf } from "../evm/index.ts";

/** What the stream needs of a transaction (EDR's JSON has it, and so has a decoded signed one). */
export type SentTx = Pick<
  PoolTransaction,
  "from" | "to" | "nonce" | "gas" | "gasPrice" | "maxFeePerGas" | "maxPriorityFeePerGas"
>;
type StreamTx = SentTx & { hash: string };

/** Transactions looked up in EDR's mempool at once. */
const LOOKUP = 64;

export class BlockStream {
  readonly run: BlockRun;
  /** Why the stream took no more transactions (undefined while it takes them). */
  stopped: string | undefined;
  /** True when the run must not be used (the state changed under it). */
  discarded = false;
  private readonly provider: Eip1193Provider;
  private readonly head: HeadState;
  private readonly order: MempoolOrder;
  private readonly baseFee: bigint;
  private readonly sent: SentRaw;
  private readonly describe: (raw: string) => SentTx | undefined;
  private readonly queue: string[] = [];
  /** Each sender's next nonce in the block. */
  private readonly nonces = new Map<string, number>();
  /** Transactions behind a nonce gap, by sender and nonce. */
  private readonly held = new Map<string, Map<number, StreamTx>>();
  private lastFee: bigint | undefined;
  private draining: Promise<void> | undefined;

  constructor(
    run: BlockRun,
    context: {
      provider: Eip1193Provider;
      head: HeadState;
      order: MempoolOrder;
      baseFee: bigint;
      sent: SentRaw;
      /** A signed transaction's fields (its sender recovered), or undefined when it cannot be decoded. */
      describe: (raw: string) => SentTx | undefined;
    },
  ) {
    this.run = run;
    ({ provider: this.provider, head: this.head, order: this.order, baseFee: this.baseFee } = context);
    ({ sent: this.sent, describe: this.describe } = context);
  }

  /** A transaction the node accepted (in the order accepted). */
  add(hash: string): void {
    if (this.stopped !== undefined) return;
    this.queue.push(hash);
    this.draining ??= this.drain();
  }

  /** Takes no more transactions; `discard`: the run is not to be used. */
  stop(reason: string, discard = false): void {
    this.stopped ??= reason;
    this.discarded ||= discard;
  }

  /** Waits until every transaction added so far was looked at; how many the stream has run. */
  async idle(): Promise<number> {
    while (this.draining !== undefined) await this.draining;
    return this.run.txs.length;
  }

  /** Stops, waits for the transaction being run, and gives the run (undefined when discarded). */
  async close(): Promise<BlockRun | undefined> {
    this.stop("the block is being produced");
    await this.draining;
    return this.discarded ? undefined : this.run;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && this.stopped === undefined) {
        const hashes = this.queue.splice(0, LOOKUP);
        // A signed transaction as sent is decoded here (its sender recovered); others are looked up.
        const lookups = hashes.map((hash) => {
          const raw = this.sent.raw(hash);
          const described = raw === undefined ? undefined : this.describe(raw);
          if (described !== undefined) return { hash, ...described };
          return this.provider.request({ method: "eth_getTransactionByHash", params: [hash] });
        });
        for (const [i, tx] of (await Promise.all(lookups)).entries()) {
          if (this.stopped !== undefined) break;
          if (tx === null || typeof tx !== "object") this.stop(`${hashes[i]} is not in EDR's mempool`);
          else await this.consider(tx as StreamTx);
        }
      }
    } catch (error) {
      this.stop(error instanceof Error ? error.message : String(error));
    } finally {
      this.draining = undefined;
    }
  }

  private async consider(tx: StreamTx): Promise<void> {
    const from = tx.from.toLowerCase();
    const nonce = Number(tx.nonce);
    let next = this.nonces.get(from);
    if (next === undefined) {
      await this.head.fetch([nonceOf(from)]);
      next = Number(this.head.get(nonceOf(from)));
      this.nonces.set(from, next);
    }
    if (nonce < next) return this.stop(`${tx.hash} uses a nonce already taken`);
    if (nonce > next) {
      const held = this.held.get(from) ?? new Map<number, StreamTx>();
      this.held.set(from, held.set(nonce, tx));
      return;
    }
    for (let ready: StreamTx | undefined = tx; ready !== undefined && this.stopped === undefined;) {
      await this.append(ready);
      const held = this.held.get(from);
      ready = held?.get(this.nonces.get(from)!);
      held?.delete(this.nonces.get(from)!);
    }
  }

  private async append(tx: StreamTx): Promise<void> {
    const feeCap = BigInt(tx.maxFeePerGas ?? tx.gasPrice ?? "0x0");
    const tip = BigInt(tx.maxPriorityFeePerGas ?? tx.gasPrice ?? "0x0");
    const minerFee = tip < feeCap - this.baseFee ? tip : feeCap - this.baseFee;
    if (BigInt(tx.gas) > this.run.gasLeft) return this.stop("the block is full");
    if (feeCap < this.baseFee) return this.stop(`${tx.hash} pays less than the base fee`);
    if (this.order === "priority" && this.lastFee !== undefined && minerFee > this.lastFee) {
      return this.stop(`${tx.hash} pays more than the one before it`);
    }
    const from = tx.from.toLowerCase();
    const nonce = Number(tx.nonce);
    // (A transaction described from its raw form has it; a looked-up one is EDR's whole JSON.)
    const raw = this.sent.raw(tx.hash) ?? rawTransaction(tx as PoolTransaction);
    try {
      await this.run.push({ hash: tx.hash, from, to: tx.to?.toLowerCase() ?? null, nonce, raw });
    } catch (error) {
      return this.stop(`the engine could not run ${tx.hash}: ${(error as Error).message}`);
    }
    this.nonces.set(from, nonce + 1);
    this.lastFee = minerFee;
  }
}
