/**
 * Block production: every block of a workload is run by the plugin's engine *before* EDR mines it.
 *
 * What runs when, for each block (`mine()`: every `blockSize` pending transactions, `ctx.mine()`,
 * a user's `evm_mine`, and the end of `run`):
 * 1. `takePendingBlock` reads EDR's pending block: its transactions in the order `evm_mine` will
 *    mine them, and the context the block will be mined with (number, beneficiary, base fee, gas
 *    limit from the pending block; timestamp and prevRandao set on the network first). With
 *    `mempoolOrder`, once a block was mined as run (and the clock was not moved since), the next
 *    one is not built by EDR: the context follows from the parent header, and the engine takes the
 *    transactions from EDR's mempool as EDR's miner will (pending-selection.ts).
 * 2. The engine (CaptureEngine: the executor's EVM, ethereumjs on a flat state) runs them in
 *    order against the head state (HeadState: fetched from the network at the parent block, or
 *    carried over from the previous block), giving each transaction's exact read and write sets
 *    with values and its call frames; then each one alone against the same pre-state (its
 *    predicted access list). Nothing is sent to the network but state reads. With `stream`
 *    (parallel-node) most of the block was run while its transactions arrived (BlockStream); that
 *    run is kept as far as the pick agrees with it (BlockRun.follow, BlockRun.retime).
 * 3. EDR mines the block (`evm_mine`): EDR stays the chain of record.
 * 4. Checks, engine against EDR: the mined block holds the same transactions in the same order;
 *    its header has the context the engine used; every transaction's status, gas used and logs
 *    equal its receipt's.
 * 5. If all holds, the engine's capture is the block's (`capturedBy: "engine"`) and its writes
 *    become the next head state. If EDR mined other transactions than the engine picked from its
 *    mempool (another set, or another order), the engine runs EDR's block against the same
 *    pre-state, one line says so, and the checks are made again. If anything else failed (the
 *    engine could not run a transaction, or a check failed), the block is traced instead
 *    (`capturedBy: "trace"`, `fallbackReason`), one line says why, and the head state is fetched
 *    afresh: nothing is silently wrong or lost.
 *
 * With `mode: "trace"` steps 1, 2, 4 are skipped and every block is traced after it is mined
 * (EDR's prestateTracer and callTracer, capture/). With `verify`, blocks captured by the engine
 * are traced too and both captures are compared key by key (capture-compare.ts).
 */
import type { Eip1193Provider } from "../rpc/index.ts";
import type { CaptureMode, CapturedBlock } from "../capture/types.ts";
import type { BlockEnv, ChainConfig } from "../evm/index.ts";
import type { CaptureDifference } from "./capture-compare.ts";
import type { BlockRun } from "./block-run.ts";
import type { EngineBlock } from "./engine-block.ts";
import type { PendingBlock, RpcHeader } from "./pending-block.ts";
import type { SentRaw } from "./sent-raw.ts";
import type { MempoolOrder, PoolTransaction, TxSource } from "./pending-selection.ts";

import { captureBlocks } from "../capture/capture-blocks.ts";
import { toValueHex } from "../capture/state-key.ts";
import { nonceOf } from "../evm/index.ts";
import { BlockStream } from "./block-stream.ts";
import { compareCaptures } from "./capture-compare.ts";
import { engineCapturedBlock } from "./engine-captured-block.ts";
import { CaptureEngine } from "./engine-block.ts";
import { HeadState } from "./head-state.ts";
import { checkHeader, fixBlockContext, minedTransactions, prevRandaoAfter, takePendingBlock } from "./pending-block.ts";
import { mempoolSource, nextBaseFee } from "./pending-selection.ts";
import { checkReceipts } from "./receipt-check.ts";

/** How `check` begins when EDR mined other transactions than the engine ran (another set or order). */
const OTHER_TRANSACTIONS = "EDR mined other transactions than the engine ran";

export interface ProductionOptions {
  mode: CaptureMode;
  /** Trace engine-captured blocks too and compare (`--verify-capture`). */
  verify: boolean;
  /** Run each transaction alone too, for its predicted access list (default true). */
  predict?: boolean;
  /** Trace a block with debug_traceBlockByNumber (a node over HTTP), else each transaction. */
  traceByBlock?: boolean;
  /** Signed transactions as sent (parallel-node): no re-serialisation of those. */
  sent?: SentRaw;
  /** The network's mempool order (parallel-node; with `sent`): the engine picks the block from the mempool. */
  mempoolOrder?: MempoolOrder;
  /** Called with one line when a block falls back to trace capture. */
  onFallback?: (line: string) => void;
  /**
   * Called after the engine ran a block and before EDR mines it, with the pending block, the
   * engine's run and the head state (still the block's pre-state): parallel-node executes the
   * block there. It must not throw.
   */
  beforeMine?: (pending: PendingBlock, run: EngineBlock, head: HeadState) => Promise<void>;
  /** Called when the engine ran EDR's block again after EDR mined other transactions than picked. */
  onRerun?: (pending: PendingBlock, run: EngineBlock) => void;
  /**
   * Run the next block on the engine while its transactions arrive (block-stream.ts; needs `sent`
   * and `mempoolOrder`): what was run is kept as far as the mempool pick agrees with it.
   */
  stream?: boolean;
}

export class BlockProduction {
  /** Every non-empty block mined, captured, in order. */
  readonly blocks: CapturedBlock[] = [];
  /** `verify`: every difference between engine and trace capture. */
  readonly differences: CaptureDifference[] = [];
  /** Blocks whose transactions the engine took from EDR's mempool (not from EDR's pending block). */
  mempoolPicks = 0;
  private readonly provider: Eip1193Provider;
  private readonly chain: ChainConfig;
  private readonly options: ProductionOptions;
  private readonly head: HeadState;
  private engine: CaptureEngine | undefined;
  /** The last block mined as the engine ran it (cleared by any doubt): the parent of a mempool pick. */
  private parent: RpcHeader | undefined;
  private beneficiary: string | undefined;
  /** Seconds the network's clock is ahead of this one (EDR: set by the last timestamp given). */
  private clockOffset = 0;
  /** The next block, run while its transactions arrive (`stream`). */
  private stream: BlockStream | undefined;
  /** Transactions accepted since the block being produced was mined: the next stream's first. */
  private backlog: string[] = [];
  /** Transactions of mempool picks that the stream had already run (`stream`). */
  streamedTxs = 0;

  constructor(provider: Eip1193Provider, chain: ChainConfig, options: ProductionOptions) {
    this.provider = provider;
    this.chain = chain;
    this.options = options;
    this.head = new HeadState(provider);
  }

  /** Hands over the blocks captured so far and forgets them (a long run keeps no history). */
  take(): CapturedBlock[] {
    return this.blocks.splice(0);
  }

  /** The network's state changed by other means than the blocks mined here. */
  invalidate(): void {
    this.head.invalidate();
    this.parent = undefined;
    this.dropStream("the state changed");
  }

  /** The network's clock was moved (evm_increaseTime, evm_setNextBlockTimestamp): EDR's pending block says where to. */
  timeChanged(): void {
    this.parent = undefined;
    this.dropStream("the clock was moved");
  }

  /** A transaction the network accepted, in order (SentRaw.note): its place in the mempool, its raw form. */
  noteSent(hash: string, raw?: string): void {
    this.options.sent?.note(hash, raw);
    if (!this.options.stream) return;
    if (this.stream !== undefined) this.stream.add(hash);
    else this.backlog.push(hash);
  }

  /** Waits until the stream (`stream`) has looked at every transaction noted; how many it has run. */
  async streamed(): Promise<number> {
    return (await this.stream?.idle()) ?? 0;
  }

  private dropStream(reason: string): void {
    this.stream?.stop(reason, true);
    this.backlog = [];
  }

  /**
   * Mines the pending transactions into one block and captures it; `opened` is called as soon as
   * EDR has mined it (new transactions no longer change it).
   */
  async mine(opened: () => void = () => {}): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    this.backlog = [];
    // The transaction the stream is running finishes first (the engine is one EVM).
    const streamed = await stream?.close();
    await this.produce(opened, streamed);
    this.openStream();
  }

  /** The next block's stream, when the engine knows its parent (the block just mined as run). */
  private openStream(): void {
    const { sent, mempoolOrder, stream, predict } = this.options;
    const backlog = this.backlog;
    this.backlog = [];
    const env = this.nextEnv();
    if (!stream || sent === undefined || mempoolOrder === undefined || env === undefined) return;
    const engine = this.engine;
    if (engine === undefined || this.head.number !== env.number - 1) return;
    const run = engine.open(env, this.head, predict ?? true);
    const context = { provider: this.provider, head: this.head, order: mempoolOrder, sent };
    const describe = (raw: string) => engine.describe(raw);
    this.stream = new BlockStream(run, { ...context, baseFee: BigInt(env.baseFeePerGas), describe });
    for (const hash of backlog) this.stream.add(hash);
  }

  private async produce(opened: () => void, streamed: BlockRun | undefined): Promise<void> {
    if (this.options.mode === "trace") {
      await this.provider.request({ method: "evm_mine" });
      opened();
      const number = Number(await this.provider.request({ method: "eth_blockNumber" }));
      this.blocks.push(...(await this.trace(number)));
      return;
    }
    let pending: PendingBlock | undefined;
    let run: EngineBlock | undefined;
    let failure: string | undefined;
    try {
      this.engine ??= await CaptureEngine.create(this.chain, this.head);
      const picked = await this.fromMempool();
      if (picked !== undefined) {
        await fixBlockContext(this.provider, picked.env);
        // The streamed run, if it has this parent, as far as it holds with this block's timestamp.
        const sameParent = streamed?.env.parentHash === picked.env.parentHash;
        const blockRun = sameParent ? streamed! : this.engine.open(picked.env, this.head, this.options.predict ?? true);
        blockRun.retime(picked.env);
        this.streamedTxs += await blockRun.follow(picked.source);
        run = await blockRun.finish();
        pending = { env: picked.env, txs: picked.source.chosen };
        this.mempoolPicks++;
      } else {
        pending = await takePendingBlock(this.provider, this.options.sent);
        this.head.at(pending.env.number - 1, pending.env.parentHash);
        run = await this.engine.runBlock(pending.env, pending.txs, this.head, this.options.predict ?? true);
      }
    } catch (error) {
      failure = `the engine could not run it: ${(error as Error).message}`;
    }
    if (failure === undefined) await this.options.beforeMine?.(pending!, run!, this.head);
    await this.provider.request({ method: "evm_mine" });
    opened();
    const mined = (await this.provider.request({
      method: "eth_getBlockByNumber",
      params: ["latest", false],
    })) as RpcHeader & {
      transactions: string[];
    };
    const number = Number(mined.number);
    if (failure === undefined) failure = await this.check(pending!, run!, mined);
    if (
      failure !== undefined &&
      failure.startsWith(OTHER_TRANSACTIONS) &&
      checkHeader(pending!.env, mined).length === 0
    ) {
      // EDR took other transactions, or another order, than the engine picked: the engine runs
      // EDR's block against the same pre-state (tracing a large block takes EDR seconds).
      try {
        const txs = await minedTransactions(this.provider, number, this.options.sent);
        const rerun = await this.engine!.runBlock(pending!.env, txs, this.head, this.options.predict ?? true);
        const again = await this.check({ env: pending!.env, txs }, rerun, mined);
        if (again === undefined) {
          this.options.onFallback?.(`block ${number}: ${failure}: the engine ran EDR's block instead`);
          [pending, run, failure] = [{ env: pending!.env, txs }, rerun, undefined];
          this.options.onRerun?.(pending, run);
        } else {
          failure += `; EDR's block run again by the engine: ${again}`;
        }
      } catch (error) {
        failure += `; the engine could not run EDR's block: ${(error as Error).message}`;
      }
    }
    this.parent = failure === undefined ? mined : undefined;
    this.beneficiary = pending?.env.beneficiary;
    this.clockOffset = Number(mined.timestamp) - Math.floor(Date.now() / 1000);
    if (failure !== undefined) {
      this.head.invalidate();
      const traced = await this.trace(number);
      for (const block of traced) block.fallbackReason = failure;
      if (traced.length > 0)
        this.options.onFallback?.(`block ${number}: trace capture instead of the engine: ${failure}`);
      this.blocks.push(...traced);
      return;
    }
    this.head.advance(number, mined.hash!, run!.post);
    if (pending!.txs.length === 0) return;
    const block = engineCapturedBlock(pending!, run!, mined);
    this.blocks.push(block);
    if (this.options.verify) {
      for (const traced of await captureBlocks(this.provider, number, number)) {
        this.differences.push(...compareCaptures(block, traced));
      }
    }
  }

  /**
   * The next block's context and EDR's mempool as the engine's source of its transactions, or
   * undefined when the pending block must come from EDR (no `mempoolOrder`, the first block, any
   * doubt since, or a transaction in the mempool whose place in the order is unknown).
   */
  private async fromMempool(): Promise<{ env: BlockEnv; source: TxSource } | undefined> {
    const { parent } = this;
    const { sent, mempoolOrder } = this.options;
    const next = this.nextEnv();
    if (parent?.gasUsed === undefined || next === undefined || sent === undefined || mempoolOrder === undefined)
      return undefined;
    if (this.head.number !== Number(parent.number)) return undefined;
    // A block mined by other means since (hardhat_mine, another connection): EDR builds this one.
    if (Number(await this.provider.request({ method: "eth_blockNumber" })) !== Number(parent.number)) return undefined;
    const pool = (await this.provider.request({ method: "eth_pendingTransactions" })) as PoolTransaction[];
    const senders = [...new Set(pool.map((tx) => tx.from.toLowerCase()))];
    await this.head.fetch(senders.map(nonceOf));
    const nonces = new Map(senders.map((from) => [from, Number(this.head.get(nonceOf(from)))]));
    const source = mempoolSource(pool, nonces, mempoolOrder, BigInt(next.baseFeePerGas), sent);
    return source === undefined ? undefined : { env: next, source };
  }

  /** The next block's context, from its parent (the last block mined as run), or undefined. */
  private nextEnv(): BlockEnv | undefined {
    const { parent, beneficiary } = this;
    if (parent?.gasUsed === undefined || parent.hash === null || beneficiary === undefined) return undefined;
    const baseFee = nextBaseFee({ ...parent, gasUsed: parent.gasUsed });
    return {
      number: Number(parent.number) + 1,
      timestamp: Math.max(Number(parent.timestamp) + 1, Math.floor(Date.now() / 1000) + this.clockOffset),
      beneficiary,
      baseFeePerGas: toValueHex("0x" + baseFee.toString(16)),
      gasLimit: toValueHex(parent.gasLimit),
      prevRandao: prevRandaoAfter(parent.hash),
      parentHash: parent.hash,
    };
  }

  /** Engine against EDR: the first kind of difference found, as one line, or undefined. */
  private async check(pending: PendingBlock, run: EngineBlock, mined: RpcHeader & { transactions: string[] }) {
    const hashes = pending.txs.map((tx) => tx.hash);
    if (JSON.stringify(hashes) !== JSON.stringify(mined.transactions)) {
      return `${OTHER_TRANSACTIONS}: ${mined.transactions.length} mined, ${hashes.length} run (or another order)`;
    }
    const header = checkHeader(pending.env, mined);
    if (header.length > 0) return `the mined header differs: ${header.join("; ")}`;
    const receipts = await checkReceipts(this.provider, pending.txs, run.txs);
    if (receipts.length > 0)
      return `receipt mismatch${receipts.length > 1 ? ` (${receipts.length})` : ""}: ${receipts[0]}`;
    return undefined;
  }

  private async trace(number: number): Promise<CapturedBlock[]> {
    const blocks = await captureBlocks(this.provider, number, number, undefined, this.options.traceByBlock);
    for (const block of blocks) block.capturedBy = "trace";
    return blocks;
  }
}
