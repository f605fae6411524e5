/**
 * parallel-node's miner: what makes each block of the node's connection (a BlockMaker for the
 * connection's BlockProducer).
 *
 * For each block: the block-production stage (../produce/) takes the block's transactions (from
 * EDR's mempool in the order EDR's miner takes them, or from EDR's pending block after any doubt)
 * and runs them on the engine, in order, against the head state (no alone runs: `predict: false`). Then, still
 * before EDR mines it, ExecutionChoice decides from measured costs whether the worker pool would
 * beat that sequential run. If so, the block is executed on the pool (the parallel executor)
 * against the same pre-state; if not, the engine's in-order run is the block's execution (the
 * executor's EVM, one transaction after another). EDR mines the block. Checks: the engine's run
 * against EDR's receipts (the stage's own check; a difference is a MISMATCH line and the block is
 * traced; when EDR mined other transactions than picked, the engine's run of EDR's block is the
 * block's sequential execution), and a pool run against the engine's capture, whose status, gas and logs are EDR's
 * receipts' (every transaction), and the value of every key after the block. A mismatch is a loud line
 * and the node keeps running: the block is EDR's either way. On a sample of the pool's blocks
 * (BaselineSample) the same job also runs on the sequential executor, after mining, for the
 * measured speedup; on a sample of the sequential blocks too, so the cost model knows the sequential
 * executor's cost (the engine's run, which records more, would overstate it). If the pool fails on
 * a block, the block is mined plainly and one line says so.
 */
import type { CapturedBlock } from "../capture/types.ts";
import type { BlockExecution, BlockJob, ParallelExecutor } from "../execute/index.ts";
import type { ChainConfig } from "../evm/index.ts";
import type { EngineBlock, HeadState, MempoolOrder, PendingBlock } from "../produce/index.ts";
import type { Eip1193Provider } from "../rpc/index.ts";
import type { BlockMaker } from "../workload/block-producer.ts";
import type { MinedBlock } from "./mined-block.ts";

import { CodeStore } from "../evm/index.ts";
import { SequentialExecutor } from "../execute/index.ts";
import { BlockProduction, SentRaw } from "../produce/index.ts";
import { txpoolStatus } from "./methods/index.ts";
import { blockJobFromCapture, checkAgainstCapture, expectedPostState, prestateFromCapture } from "../replay/index.ts";
import { mismatchLine } from "../report/mismatch-line.ts";
import { BaselineSample } from "./baseline-sample.ts";
import { blockJobFromHead } from "./block-job-from-head.ts";
import { ExecutionChoice } from "./execution-choice.ts";

interface Executed {
  pending: PendingBlock;
  ranOn: "pool" | "sequential";
  /** The engine's in-order run: the execution of a sequential block. */
  engineMs: number;
  /** A pool block: its job and the pool's execution. */
  job?: BlockJob;
  execution?: BlockExecution;
  error?: string;
}

export interface MinerEvents {
  /** Each non-empty block mined: its capture and what the miner did with it. */
  onBlock: (block: CapturedBlock, mined: MinedBlock) => void;
  /** One line: a fallback to trace capture, an executor failure. */
  onLine: (line: string) => void;
}

export class NodeMiner implements BlockMaker {
  readonly choice: ExecutionChoice;
  readonly executor: ParallelExecutor;
  private readonly provider: Eip1193Provider;
  private readonly chain: ChainConfig;
  private readonly production: BlockProduction;
  private readonly events: MinerEvents;
  private readonly baseline = new BaselineSample();
  /** Transactions as clients sent them (the connection's BlockProducer notes them: noteSent). */
  private readonly sent = new SentRaw();
  private sequential: SequentialExecutor | undefined;
  private warm = false;
  /** Code of the baseline jobs built from captures (content-addressed, shared). */
  private readonly codes = new CodeStore();
  private current: Executed | undefined;

  constructor(
    provider: Eip1193Provider,
    chain: ChainConfig,
    executor: ParallelExecutor,
    events: MinerEvents,
    order: MempoolOrder,
  ) {
    this.provider = provider;
    this.chain = chain;
    this.executor = executor;
    this.events = events;
    this.choice = new ExecutionChoice(executor.pool.size);
    this.production = new BlockProduction(provider, chain, {
      mode: "engine",
      verify: false,
      predict: false,
      sent: this.sent,
      mempoolOrder: order,
      stream: true,
      onFallback: (line) => events.onLine(line),
      beforeMine: (pending, run, head) => this.execute(pending, run, head),
      // EDR mined other transactions than picked: the engine's run of EDR's block is its execution.
      onRerun: (pending, run) => (this.current = { pending, ranOn: "sequential", engineMs: run.inOrderMs }),
    });
  }

  invalidate(): void {
    this.production.invalidate();
  }

  timeChanged(): void {
    this.production.timeChanged();
  }

  /** Every transaction the node accepted, in order: the next block's pick, and no re-serialisation. */
  noteSent(hash: string, raw?: string): void {
    this.production.noteSent(hash, raw);
  }

  /** Mines one block; when it was filled to its gas limit, returns the transactions pending in EDR's mempool. */
  async mine(opened: () => void): Promise<number> {
    this.current = undefined;
    const started = performance.now();
    const streamed = this.production.streamedTxs;
    await this.production.mine(opened);
    const [block] = this.production.take();
    if (block === undefined) return 0;
    const mined = { ...(await this.check(block, this.current)), streamed: this.production.streamedTxs - streamed };
    this.baseline.mined(performance.now() - started);
    this.events.onBlock(block, mined);
    if (mined.gasUsed < Number(block.gasLimit) / 2) return 0;
    const forward = (method: string, params: unknown[]) => this.provider.request({ method, params });
    return Number((await txpoolStatus([], forward)).pending);
  }

  private async execute(pending: PendingBlock, run: EngineBlock, head: HeadState): Promise<void> {
    const n = pending.txs.length;
    if (n === 0) return;
    const ranOn = this.choice.choose(n, dependentShare(run, pending.env.beneficiary));
    const executed: Executed = (this.current = { pending, ranOn, engineMs: run.inOrderMs });
    if (ranOn === "sequential") return;
    try {
      const job = (executed.job = await blockJobFromHead(pending, run, head, this.provider));
      if (!this.warm) {
        // Worker start-up and JIT warm-up are not the block's cost: one untimed run first.
        await this.executor.execute(job);
        this.warm = true;
      }
      executed.execution = await this.executor.execute(job);
      this.choice.poolRun(n, executed.execution.wallMs);
    } catch (error) {
      executed.error = error instanceof Error ? error.message : String(error);
      this.events.onLine(`block ${pending.env.number}: the executor failed, mined plainly: ${executed.error}`);
    }
  }

  /** The sequential baseline of a mined block: timed, counted against the 10% budget, learnt. */
  private async sampleSequential(job: BlockJob, n: number, ranOn: "pool" | "sequential"): Promise<number> {
    this.sequential ??= await SequentialExecutor.create(this.chain, job);
    const { wallMs } = await this.sequential.execute(job);
    this.baseline.ran(ranOn, wallMs);
    this.choice.sequentialRun(n, wallMs);
    return wallMs;
  }

  /** The execution against EDR's receipts and the capture; the sampled sequential baseline. */
  private async check(block: CapturedBlock, executed: Executed | undefined): Promise<Omit<MinedBlock, "streamed">> {
    const base = {
      number: block.number,
      hash: block.hash,
      transactions: block.transactions.length,
      gasUsed: block.transactions.reduce((sum, tx) => sum + tx.gasUsed, 0),
    };
    // The engine's run differed from EDR's block: the stage traced the block instead.
    const engineMismatch =
      block.fallbackReason === undefined ? [] : [`MISMATCH block ${block.number}: ${block.fallbackReason}`];
    if (executed === undefined || block.fallbackReason !== undefined) {
      const note = `not executed: ${block.fallbackReason ?? "the engine could not run it"}`;
      return { ...base, ...unexecuted, note, mismatches: engineMismatch };
    }
    if (executed.ranOn === "sequential") {
      // The cost model learns the sequential executor's cost (the engine's run records more).
      if (this.baseline.wanted("sequential", this.choice.predict(base.transactions)?.sequentialMs)) {
        const job = await blockJobFromCapture(block, this.provider, this.codes);
        await this.sampleSequential(job, base.transactions, "sequential");
      }
      const ms = round(executed.engineMs);
      return {
        ...base,
        ...unexecuted,
        ranOn: "sequential",
        executionMs: ms,
        sequentialMs: ms,
        speedup: 1,
        verified: true,
      };
    }
    const { execution, job } = executed;
    if (execution === undefined || job === undefined) {
      return { ...base, ...unexecuted, note: `executor failed: ${executed.error ?? "?"}` };
    }
    // The capture's status, gas and logs are EDR's receipts' (the stage checked them), so this one
    // comparison checks the pool against EDR's block and every key against the engine's capture.
    const pre = prestateFromCapture(block);
    const post = expectedPostState(block, pre);
    const label = `parallel(${this.executor.pool.size}) vs capture`;
    const lines = checkAgainstCapture(block, execution, pre, post, job.codes, label).map(mismatchLine);
    const lost = execution.reexecutions.filter((reexecution) => reexecution.reason.startsWith("worker lost"));
    if (lost.length > 0) {
      this.events.onLine(
        `block ${block.number}: ${lost.length} batch(es) lost with a worker, replaced and run again: ${lost[0].reason}`,
      );
    }
    let sequentialMs: number | null = null;
    if (this.baseline.wanted("pool", this.choice.predict(base.transactions)?.sequentialMs)) {
      sequentialMs = await this.sampleSequential(job, base.transactions, "pool");
      this.choice.measuredPair(base.transactions, execution.wallMs, sequentialMs);
    }
    return {
      ...base,
      ranOn: "pool",
      executionMs: round(execution.wallMs),
      sequentialMs: sequentialMs === null ? null : round(sequentialMs),
      speedup: sequentialMs === null ? null : round(sequentialMs / Math.max(execution.wallMs, 1e-6)),
      reexecutions: execution.txs.reduce((sum, tx) => sum + tx.incarnations - 1, 0),
      workersLost: lost.length,
      fellBack: execution.fellBack,
      verified: true,
      mismatches: lines,
    };
  }
}

const unexecuted = {
  ranOn: "none",
  executionMs: null,
  sequentialMs: null,
  speedup: null,
  reexecutions: 0,
  workersLost: 0,
  fellBack: false,
  verified: false,
  mismatches: [],
} as const satisfies Partial<Omit<MinedBlock, "streamed">>;

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The share of a block's transactions that read a key an earlier one wrote (the fee credits aside). */
function dependentShare(run: EngineBlock, beneficiary: string): number {
  const coinbase = beneficiary.toLowerCase();
  const written = new Set<string>();
  let dependent = 0;
  for (const tx of run.txs) {
    for (const key in tx.access.reads) {
      if (written.has(key)) {
        dependent++;
        break;
      }
    }
    for (const key in tx.access.writes) if (!key.startsWith(coinbase)) written.add(key);
  }
  return run.txs.length === 0 ? 0 : dependent / run.txs.length;
}
