import type { TypedTransaction } from "@ethereumjs/tx";
import type { AccessSets, CallFrame, StateKey } from "../capture/types.ts";
import type { BlockEnv, ChainConfig, StateSource, TxRun } from "../evm/index.ts";
import type { EngineBlock, TxEngine } from "./block-run.ts";
import type { SentTx } from "./block-stream.ts";
import type { HeadState } from "./head-state.ts";
import type { PendingTx } from "./pending-tx.ts";

import { bytesToHex } from "@ethereumjs/util";

import { EvmRunner, RunningState, balanceOf } from "../evm/index.ts";
import { BlockRun, EngineUnsupported } from "./block-run.ts";
import { CallFrameRecorder } from "./call-frame-recorder.ts";
import { engineAccessSets } from "./engine-access.ts";
import { type TxSource, listSource } from "./pending-selection.ts";
import { accountKeys, readFetching } from "./state-keys.ts";

type TxRunOf = { run: TxRun; calls: CallFrame[] };

/** Described transactions kept at most (more than a block's worth are dropped: decoded again). */
const DESCRIBED_LIMIT = 8192;

export type { PendingTx } from "./pending-tx.ts";
export { type EngineBlock, type EngineTx, EngineUnsupported } from "./block-run.ts";

/**
 * The engine of the block-production stage: one EVM (the executor's, ethereumjs on a flat state)
 * whose call frames are recorded. It runs a pending block's transactions in order against the
 * head state, and each one alone against the same pre-state (its predicted access list).
 */
export class CaptureEngine implements TxEngine {
  private readonly runner: EvmRunner;
  private readonly recorder: CallFrameRecorder;
  private readonly codeHexes = new Map<string, string>();
  /** Transactions decoded by `describe`, by raw form, until the run takes them (`decode`). */
  private readonly described = new Map<string, TypedTransaction>();
  /** The block the EVM is set to, and the code store it reads. */
  private env: BlockEnv | undefined;
  private codes: HeadState["codes"] | undefined;

  private constructor(runner: EvmRunner) {
    this.runner = runner;
    this.recorder = new CallFrameRecorder(runner.vm);
    runner.recordTouched = true;
  }

  static async create(chain: ChainConfig, head: HeadState): Promise<CaptureEngine> {
    const runner = await EvmRunner.create(chain, head.codes);
    // A key the head state lacks is fetched where the EVM asks for it: no run starts over.
    runner.view.fetchWith((key) => head.fetch(key.includes(":slot:") ? [key] : accountKeys(key.slice(0, 42), null)));
    return new CaptureEngine(runner);
  }

  /** A block to run one transaction at a time (BlockRun: `push`, `follow`, `finish`). */
  open(env: BlockEnv, head: HeadState, predict = true): BlockRun {
    return new BlockRun(this, env, head, predict);
  }

  /**
   * Runs the block's transactions in order: a list (EDR's pending block), or taken one at a time
   * from `source` given the gas left (EDR's mempool, pending-selection.ts). `predict: false` skips
   * the alone runs (parallel-node: they double the engine's time on contention).
   */
  async runBlock(env: BlockEnv, source: PendingTx[] | TxSource, head: HeadState, predict = true): Promise<EngineBlock> {
    // A list's accounts in one fetch; a transaction from the mempool fetches its own (a no-op when known).
    const listed = Array.isArray(source) ? source : [];
    await head.fetch([
      balanceOf(env.beneficiary.toLowerCase()),
      ...listed.flatMap((tx) => accountKeys(tx.from, tx.to)),
    ]);
    const run = this.open(env, head, predict);
    await run.follow(Array.isArray(source) ? listSource(source) : source);
    return run.finish();
  }

  /** A signed transaction's sender (recovered), recipient, nonce, gas limit and fees; undefined if not decodable. */
  describe(raw: string): SentTx | undefined {
    try {
      const tx = this.runner.decode(raw);
      // Kept for the run: a transaction described is usually run next, and decoded only once.
      if (this.described.size >= DESCRIBED_LIMIT) this.described.clear();
      this.described.set(raw, tx);
      const hex = (value: bigint) => "0x" + value.toString(16);
      const fees =
        "maxFeePerGas" in tx
          ? { maxFeePerGas: hex(tx.maxFeePerGas), maxPriorityFeePerGas: hex(tx.maxPriorityFeePerGas) }
          : { gasPrice: hex((tx as { gasPrice: bigint }).gasPrice) };
      const [from, to] = [tx.getSenderAddress().toString(), tx.to?.toString() ?? null];
      return { from, to, nonce: hex(tx.nonce), gas: hex(tx.gasLimit), ...fees };
    } catch {
      return undefined;
    }
  }

  /** Makes `env` the block the EVM runs transactions in (a no-op when it already is). */
  use(env: BlockEnv, head: HeadState): void {
    if (this.env === env && this.codes === head.codes) return;
    this.runner.setBlock(env, head.codes);
    [this.env, this.codes] = [env, head.codes];
  }

  decode(tx: PendingTx): TypedTransaction {
    const described = this.described.get(tx.raw);
    if (described !== undefined) {
      this.described.delete(tx.raw);
      if (described.getSenderAddress().toString() === tx.from.toLowerCase()) return described;
    }
    try {
      return this.runner.decode(tx.raw, tx.from);
    } catch (error) {
      throw new EngineUnsupported(
        `transaction ${tx.hash} cannot be decoded by the engine: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Runs until no pre-state is missing. The view fetches most missing keys in place (`fetchWith`);
   * one found outside the state methods the EVM awaits stops the run, and it runs again.
   */
  async runTx(tx: TypedTransaction, state: StateSource, head: HeadState, alone: boolean): Promise<TxRunOf> {
    for (;;) {
      this.recorder.begin();
      const run = await this.runner.run(tx, state, alone);
      if (run.missing === undefined) return { run, calls: this.recorder.finish() };
      await head.fetch(run.missing.includes(":slot:") ? [run.missing] : accountKeys(run.missing.slice(0, 42), null));
    }
  }

  async predict(tx: TypedTransaction, head: HeadState, coinbase: string): Promise<AccessSets> {
    const alone = new RunningState((key) => head.get(key), coinbase);
    const { run } = await this.runTx(tx, alone, head, true);
    const before = async (key: StateKey) => readFetching(alone, head, key);
    const codeHex = (hash: string) => this.codeHex(hash, head);
    return engineAccessSets(run, before, coinbase, (await before(balanceOf(coinbase))) as bigint, codeHex);
  }

  /** One hex string per code, shared by every transaction that reads it (a contract's code is tens of KB). */
  codeHex(hash: string, head: HeadState): string {
    let hex = this.codeHexes.get(hash);
    if (hex === undefined) this.codeHexes.set(hash, (hex = bytesToHex(head.codes.get(hash))));
    return hex;
  }
}
