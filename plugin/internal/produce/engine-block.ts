import type { TypedTransaction } from "@ethereumjs/tx";
import type { AccessSets, CallFrame, StateKey, TxLog } from "../capture/types.ts";
import type { BlockEnv, ChainConfig, StateSource, StateValue, TxRun } from "../evm/index.ts";
import type { HeadState } from "./head-state.ts";
import type { PendingTx } from "./pending-tx.ts";

import { bytesToHex } from "@ethereumjs/util";

import {
  EvmRunner,
  MissingStateError,
  RunningState,
  balanceOf,
  codeOf,
  creditedBalance,
  isCreditKey,
  nonceOf,
} from "../evm/index.ts";
import { CallFrameRecorder } from "./call-frame-recorder.ts";
import { type TxSource, listSource } from "./pending-selection.ts";
import { engineAccessSets } from "./engine-access.ts";

export type { PendingTx } from "./pending-tx.ts";

/** What the engine made of one transaction, in block order. */
export interface EngineTx {
  status: 0 | 1;
  gasUsed: number;
  logs: TxLog[];
  calls: CallFrame[];
  access: AccessSets;
  /**
   * The same transaction run alone against the block's pre-state (see `seesOnlyPreState`);
   * undefined when the block was run with `predict: false`.
   */
  predicted: AccessSets | undefined;
}

export interface EngineBlock {
  txs: EngineTx[];
  /** Every key the block wrote, with its value after the block (the beneficiary's balance too). */
  post: Map<StateKey, StateValue>;
  /** Wall milliseconds of the in-order run (the alone runs not included). */
  inOrderMs: number;
}

/** Thrown when the engine cannot reproduce the block (the block then falls back to trace capture). */
export class EngineUnsupported extends Error {}

/**
 * The engine of the block-production stage: one EVM (the executor's, ethereumjs on a flat state)
 * whose call frames are recorded. It runs a pending block's transactions in order against the
 * head state, and each one alone against the same pre-state (its predicted access list).
 */
export class CaptureEngine {
  private readonly runner: EvmRunner;
  private readonly recorder: CallFrameRecorder;
  private readonly codeHexes = new Map<string, string>();

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

  /**
   * Runs the block's transactions in order: a list (EDR's pending block), or taken one at a time
   * from `source` given the gas left (EDR's mempool, pending-selection.ts). `predict: false` skips
   * the alone runs (parallel-node: they double the engine's time on contention).
   */
  async runBlock(env: BlockEnv, source: PendingTx[] | TxSource, head: HeadState, predict = true): Promise<EngineBlock> {
    const started = performance.now();
    const coinbase = env.beneficiary.toLowerCase();
    this.runner.setBlock(env, head.codes);
    // A list's accounts in one fetch; a transaction from the mempool fetches its own (a no-op when known).
    const listed = Array.isArray(source) ? source : [];
    await head.fetch([balanceOf(coinbase), ...listed.flatMap((tx) => accountKeys(tx.from, tx.to))]);
    const txs = Array.isArray(source) ? listSource(source) : source;
    const decoded: TypedTransaction[] = [];
    let gasLeft = BigInt(env.gasLimit);
    const state = new RunningState((key) => head.get(key), coinbase);
    // One hex string per code, shared by every transaction that reads it (a contract's code is
    // tens of KB of hex: made afresh per read, it was most of the engine's allocation).
    const codeHex = (hash: string) => {
      let hex = this.codeHexes.get(hash);
      if (hex === undefined) this.codeHexes.set(hash, (hex = bytesToHex(head.codes.get(hash))));
      return hex;
    };
    const results: EngineTx[] = [];
    /** Transactions whose predicted sets need a run alone against the pre-state. */
    const rerun: number[] = [];
    for (let i = 0, tx = txs.next(gasLeft); tx !== undefined; i++, tx = txs.next(gasLeft)) {
      await head.fetch(accountKeys(tx.from, tx.to));
      decoded.push(this.decode(tx));
      const { run, calls } = await this.runTx(decoded[i], state, head, false);
      if (!run.valid)
        throw new EngineUnsupported(`transaction ${i} (${tx.hash}) is invalid on the engine: ${run.error}`);
      gasLeft -= BigInt(run.gasUsed);
      const before = async (key: StateKey) => readFetching(state, head, key);
      const coinbaseBefore = (await before(balanceOf(coinbase))) as bigint;
      const access = await engineAccessSets(run, before, coinbase, coinbaseBefore, codeHex);
      const alone =
        predict && seesOnlyPreState(access, state, coinbase)
          ? aloneFromBlockRun(access, run, head, coinbase)
          : undefined;
      for (const [hash, code] of run.newCode) head.codes.addKnown(hash, code);
      state.apply(run);
      results.push({
        status: run.status,
        gasUsed: run.gasUsed,
        logs: run.logs,
        calls,
        access,
        predicted: alone ?? access,
      });
      if (alone === undefined) rerun.push(i);
    }
    const post = new Map(state.overlay);
    post.set(balanceOf(coinbase), state.read(balanceOf(coinbase)));
    for (const key of state.creditedKeys()) post.set(key, state.read(key));
    const inOrderMs = performance.now() - started;
    if (!predict) for (const result of results) result.predicted = undefined;
    else for (const i of rerun) results[i].predicted = await this.predict(decoded[i], head, coinbase, codeHex);
    return { txs: results, post, inOrderMs };
  }

  private decode(tx: PendingTx): TypedTransaction {
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
  private async runTx(tx: TypedTransaction, state: StateSource, head: HeadState, alone: boolean) {
    for (;;) {
      this.recorder.begin();
      const run = await this.runner.run(tx, state, alone);
      if (run.missing === undefined) return { run, calls: this.recorder.finish() };
      await head.fetch(run.missing.includes(":slot:") ? [run.missing] : accountKeys(run.missing.slice(0, 42), null));
    }
  }

  private async predict(tx: TypedTransaction, head: HeadState, coinbase: string, codeHex: (hash: string) => string) {
    const alone = new RunningState((key) => head.get(key), coinbase);
    const { run } = await this.runTx(tx, alone, head, true);
    const before = async (key: StateKey) => readFetching(alone, head, key);
    return engineAccessSets(run, before, coinbase, (await before(balanceOf(coinbase))) as bigint, codeHex);
  }
}

/**
 * True when nothing the transaction read in the block was written earlier in it: run alone
 * against the pre-state it would then see the same value for every key and run the same way (the
 * EVM is deterministic), so its predicted sets are its sets in the block and the alone run is
 * skipped. A read of the beneficiary's balance sees earlier fee credits, so it never qualifies.
 */
function seesOnlyPreState(access: AccessSets, state: RunningState, coinbase: string): boolean {
  if (balanceOf(coinbase) in access.reads) return false;
  for (const key in access.reads) if (state.overlay.has(key) || state.hasCredits(key)) return false;
  return true;
}

/**
 * The alone run's sets when it would run as in the block: only the bases of the fee credit and of
 * value credits kept as deltas (`:credit`) differ.
 */
function aloneFromBlockRun(access: AccessSets, run: TxRun, head: HeadState, coinbase: string): AccessSets {
  const key = balanceOf(coinbase);
  let writes = access.writes;
  if (!run.writes.has(key) && run.feeDelta !== 0n) {
    writes = { ...writes, [key]: "0x" + ((head.get(key) as bigint) + run.feeDelta).toString(16) };
  }
  for (const [credit, delta] of run.writes) {
    if (!isCreditKey(credit)) continue;
    const balance = creditedBalance(credit);
    writes = { ...writes, [balance]: "0x" + ((head.get(balance) as bigint) + (delta as bigint)).toString(16) };
  }
  return writes === access.writes ? access : { reads: access.reads, writes };
}

function accountKeys(from: string, to: string | null): StateKey[] {
  const keys = [balanceOf(from), nonceOf(from), codeOf(from)];
  if (to !== null) keys.push(balanceOf(to), nonceOf(to), codeOf(to));
  return keys.map((key) => key.toLowerCase());
}

async function readFetching(state: StateSource, head: HeadState, key: StateKey): Promise<StateValue> {
  try {
    return state.read(key);
  } catch (error) {
    if (!(error instanceof MissingStateError)) throw error;
    await head.fetch([key]);
    return state.read(key);
  }
}
