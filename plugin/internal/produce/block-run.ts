import type { TypedTransaction } from "@ethereumjs/tx";
import type { AccessSets, CallFrame, StateKey, TxLog } from "../capture/types.ts";
import type { BlockEnv, StateSource, StateValue, TxRun } from "../evm/index.ts";
import type { HeadState } from "./head-state.ts";
import type { TxSource } from "./pending-selection.ts";
import type { PendingTx } from "./pending-tx.ts";

import { RunningState, balanceOf, creditedBalance, isCreditKey } from "../evm/index.ts";
import { engineAccessSets } from "./engine-access.ts";
import { accountKeys, readFetching } from "./state-keys.ts";

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

/** The parts of the engine (CaptureEngine) a block run uses. */
export interface TxEngine {
  /** Makes `env` the block the EVM runs transactions in. */
  use(env: BlockEnv, head: HeadState): void;
  decode(tx: PendingTx): TypedTransaction;
  /** Runs one transaction over `state`, fetching missing pre-state from `head` until none is missing. */
  runTx(
    tx: TypedTransaction,
    state: StateSource,
    head: HeadState,
    alone: boolean,
  ): Promise<{ run: TxRun; calls: CallFrame[] }>;
  /** The transaction's sets when run alone against the head state (its predicted access list). */
  predict(tx: TypedTransaction, head: HeadState, coinbase: string): Promise<AccessSets>;
  /** One hex string per code hash, shared by every transaction that reads it. */
  codeHex(hash: string, head: HeadState): string;
}

/**
 * A block the engine runs one transaction at a time, in order, against the head state: the whole
 * block at once (CaptureEngine.runBlock), or while its transactions arrive (block-stream.ts).
 * Invariant: `txs`, `results` and the running state always hold the same prefix of the block, and
 * a transaction that fails to run (or is invalid) changes none of them.
 */
export class BlockRun {
  /** The block's context (`retime` may change its timestamp). */
  env: BlockEnv;
  readonly txs: PendingTx[] = [];
  readonly results: EngineTx[] = [];
  /** Gas left in the block after the transactions run so far. */
  gasLeft: bigint;
  /** Milliseconds spent running transactions (state reads included). */
  busyMs = 0;
  private readonly engine: TxEngine;
  private readonly head: HeadState;
  private readonly coinbase: string;
  /** Whether the block's predicted sets are wanted (`finish`). */
  private readonly predict: boolean;
  private state: RunningState;
  private readonly runs: TxRun[] = [];
  private readonly decoded: TypedTransaction[] = [];
  /** Gas left before each transaction. */
  private readonly gasBefore: bigint[] = [];
  /** Transactions whose predicted sets need a run alone against the pre-state. */
  private readonly alone = new Set<number>();

  constructor(engine: TxEngine, env: BlockEnv, head: HeadState, predict: boolean) {
    this.engine = engine;
    this.predict = predict;
    this.env = env;
    this.head = head;
    this.coinbase = env.beneficiary.toLowerCase();
    this.gasLeft = BigInt(env.gasLimit);
    this.state = new RunningState((key) => head.get(key), this.coinbase);
  }

  /** Runs the next transaction of the block; throws EngineUnsupported when the engine cannot. */
  async push(tx: PendingTx): Promise<void> {
    const started = performance.now();
    try {
      const { head, state, coinbase } = this;
      this.engine.use(this.env, head);
      await head.fetch([balanceOf(coinbase), ...accountKeys(tx.from, tx.to)]);
      const decoded = this.engine.decode(tx);
      const { run, calls } = await this.engine.runTx(decoded, state, head, false);
      if (!run.valid)
        throw new EngineUnsupported(
          `transaction ${this.txs.length} (${tx.hash}) is invalid on the engine: ${run.error}`,
        );
      const before = async (key: StateKey) => readFetching(state, head, key);
      const coinbaseBefore = (await before(balanceOf(coinbase))) as bigint;
      const codeHex = (hash: string) => this.engine.codeHex(hash, head);
      const access = await engineAccessSets(run, before, coinbase, coinbaseBefore, codeHex);
      const alone =
        this.predict && seesOnlyPreState(access, state, coinbase)
          ? aloneFromBlockRun(access, run, head, coinbase)
          : undefined;
      for (const [hash, code] of run.newCode) head.codes.addKnown(hash, code);
      state.apply(run);
      if (alone === undefined) this.alone.add(this.txs.length);
      this.gasBefore.push(this.gasLeft);
      this.gasLeft -= BigInt(run.gasUsed);
      this.txs.push(tx);
      this.runs.push(run);
      this.decoded.push(decoded);
      this.results.push({ status: run.status, gasUsed: run.gasUsed, logs: run.logs, calls, access, predicted: alone });
    } finally {
      this.busyMs += performance.now() - started;
    }
  }

  /** Keeps the first `count` transactions: the state is rebuilt from their recorded writes. */
  truncate(count: number): void {
    if (count >= this.txs.length) return;
    this.gasLeft = this.gasBefore[count];
    for (const list of [this.txs, this.results, this.runs, this.decoded, this.gasBefore]) list.length = count;
    for (const i of this.alone) if (i >= count) this.alone.delete(i);
    this.state = new RunningState((key) => this.head.get(key), this.coinbase);
    for (const run of this.runs) this.state.apply(run);
  }

  /**
   * The same block with another context: the transactions before the first one that read the
   * block's timestamp are kept when only the timestamp differs (the EVM runs them the same), none
   * otherwise.
   */
  retime(env: BlockEnv): void {
    const context = (a: BlockEnv) => JSON.stringify({ ...a, timestamp: 0 });
    if (context(env) !== context(this.env)) this.truncate(0);
    else if (env.timestamp !== this.env.timestamp) {
      const first = this.runs.findIndex((run) => run.readsTimestamp !== false);
      if (first !== -1) this.truncate(first);
    }
    this.env = env;
  }

  /**
   * Runs the block on as `source` hands out its transactions. Those already run are kept as long as
   * `source` hands out the same ones, given the same gas left; from the first other one on, the
   * block is run from `source`. Returns how many were kept.
   */
  async follow(source: TxSource): Promise<number> {
    let kept = 0;
    for (let ran = this.txs.length; ;) {
      const tx = source.next(kept < ran ? this.gasBefore[kept] : this.gasLeft);
      if (kept < ran) {
        if (tx !== undefined && tx.hash === this.txs[kept].hash) {
          kept++;
          continue;
        }
        this.truncate(kept);
        ran = kept;
      }
      if (tx === undefined) return kept;
      await this.push(tx);
    }
  }

  /** The block as run; with `predict`, each transaction's predicted sets (alone runs where needed). */
  async finish(): Promise<EngineBlock> {
    const { predict, state, coinbase } = this;
    const post = new Map(state.overlay);
    post.set(balanceOf(coinbase), state.read(balanceOf(coinbase)));
    for (const key of state.creditedKeys()) post.set(key, state.read(key));
    const txs = this.results.map((result) => ({ ...result }));
    for (const [i, result] of txs.entries()) {
      if (!predict) result.predicted = undefined;
      else if (this.alone.has(i)) result.predicted = await this.engine.predict(this.decoded[i], this.head, coinbase);
      else result.predicted ??= result.access;
    }
    return { txs, post, inOrderMs: this.busyMs };
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
