/**
 * The differential check shared by test/execute/differential.test.ts, worker-faults.test.ts and
 * scripts/fuzz.ts: produce a seeded random block on the in-process network (EDR) through the
 * block-production stage (the engine takes the block from EDR's mempool as EDR's miner will and runs it, then EDR mines it and the engine's
 * results are checked against its receipts: a block that falls back to trace capture is a
 * mismatch), trace it with EDR's tracers on every `traceEvery`-th block and compare both captures
 * key by key, and run it on the sequential executor and on parallel executors; every result must
 * equal EDR's and the sequential one exactly.
 *
 * Reproducing a failure: the blocks depend on the chain state the earlier blocks left, so block `i`
 * of seed `s` is reproduced by running blocks 0..i again with the same seed, worker counts and
 * maximum block size (`npm run fuzz -- --seed s --blocks i+1 ...`).
 */
import type { CapturedBlock } from "../../../plugin/internal/capture/types.ts";
import type {
  BlockExecution,
  BlockJob,
  ParallelOptions,
  WorkerFaults,
} from "../../../plugin/internal/execute/index.ts";
import type { Mismatch } from "../../../plugin/internal/replay/index.ts";
import type { Eip1193Provider } from "../../../plugin/internal/rpc/index.ts";
import type { FuzzWorld } from "./fuzz-world.ts";

import { captureBlocks } from "../../../plugin/internal/capture/capture-blocks.ts";
import { BlockProduction, SentRaw, compareCaptures, differenceLine } from "../../../plugin/internal/produce/index.ts";
import {
  blockJobFromCapture,
  checkAgainstCapture,
  compareExecutions,
  expectedPostState,
  prestateFromCapture,
} from "../../../plugin/internal/replay/index.ts";
import { ParallelExecutor, SequentialExecutor } from "../../../plugin/internal/execute/index.ts";
import { deployFuzzWorld } from "./fuzz-world.ts";
import { Random } from "./random.ts";
import { KIND_NAMES, mineRandomBlock } from "./random-block.ts";

export const CHAIN = { chainId: 31337, hardfork: "osaka" };
/** One block in this many is large (2–4 × maxTxs), unless the config says otherwise (0: none). */
export const LARGE_EVERY = 25;

export interface DifferentialConfig {
  seed: number;
  /** Worker counts of the parallel executors. */
  workers: number[];
  /** `true`: every block runs on every pool; `false`: block i runs on pool `i mod workers.length`. */
  everyPoolEachBlock?: boolean;
  /** Ordinary blocks have 1..maxTxs transactions; one in `largeEvery` has 2–4 × maxTxs. */
  maxTxs: number;
  largeEvery?: number;
  parallelOptions?: ParallelOptions;
  /** Trace every n-th block too and compare trace capture with engine capture (default 1: every block). */
  traceEvery?: number;
}

/** `provider`, noting every transaction it accepts in `sent` (the mempool's order), as parallel-node does. */
export function notingSends(provider: Eip1193Provider, sent: SentRaw): Eip1193Provider {
  return {
    request: async (args) => {
      const result = await provider.request(args);
      const send = args.method === "eth_sendTransaction" || args.method === "eth_sendRawTransaction";
      if (send && typeof result === "string") sent.note(result);
      return result;
    },
  };
}

/** What one parallel run of a block did. */
export interface ParallelRun {
  workers: number;
  reexecutions: number;
  /** Re-executions by reason ("read invalidated", "missing pre-state", "worker lost: ..."). */
  reasons: string[];
  fellBack: boolean;
  /** Transactions of serial call classes (routed to one worker). */
  serialTxs: number;
  /** Senders recovered ahead by idle workers. */
  sendersRecovered: number;
  ms: number;
}

export interface BlockOutcome {
  /** Index of the block in the run (0-based), and its number on the chain. */
  index: number;
  number: number;
  kinds: string[];
  /** Transactions that reverted or ran out of gas (status 0 in EDR's receipts). */
  failed: number;
  parallel: ParallelRun[];
  mismatches: Mismatch[];
  ms: { mine: number; capture: number; sequential: number; parallel: number };
}

export interface NextOptions {
  /** Run the block on the pools of these worker counts (default: see `everyPoolEachBlock`). */
  workers?: number[];
  /** Arms a worker fault on each pool for this block, given the block's transaction count. */
  faults?: (txs: number) => WorkerFaults;
  /** Called on each parallel executor right before it executes the block. */
  beforeExecute?: (executor: ParallelExecutor, job: BlockJob) => void;
}

/** A running differential: a network with the fuzz contracts, a sequential and parallel executors. */
export class Differential {
  readonly config: DifferentialConfig;
  readonly world: FuzzWorld;
  private readonly provider: Eip1193Provider;
  private readonly random: Random;
  private readonly pools: ParallelExecutor[];
  private sequential: SequentialExecutor | undefined;
  private readonly production: BlockProduction;
  private index = 0;

  private constructor(config: DifferentialConfig, provider: Eip1193Provider, world: FuzzWorld, sent: SentRaw) {
    this.config = config;
    this.provider = provider;
    this.world = world;
    this.random = new Random(config.seed);
    this.pools = config.workers.map((n) => new ParallelExecutor(n, CHAIN, { ...config.parallelOptions }));
    // The engine takes each block from EDR's mempool, in EDR's (default) priority order.
    const options = { mode: "engine", verify: false, sent, mempoolOrder: "priority" } as const;
    this.production = new BlockProduction(provider, CHAIN, options);
  }

  /** Deploys the fuzz contracts on `provider` (a fresh network) and starts the executors. */
  static async start(provider: Eip1193Provider, config: DifferentialConfig): Promise<Differential> {
    if (config.workers.length === 0) throw new Error("differential: no worker counts");
    const sent = new SentRaw();
    const noting = notingSends(provider, sent);
    return new Differential(config, noting, await deployFuzzWorld(noting), sent);
  }

  /** Blocks the engine took from EDR's mempool (the rest: from EDR's pending block). */
  get mempoolPicks(): number {
    return this.production.mempoolPicks;
  }

  /** The parallel executor with `workers` workers (tests arm fault hooks on it). */
  pool(workers: number): ParallelExecutor {
    const pool = this.pools.find((p) => p.pool.size === workers);
    if (pool === undefined) throw new Error(`differential: no pool of ${workers} workers`);
    return pool;
  }

  /** The size of the next block, from the seeded generator. */
  private nextSize(): number {
    const { maxTxs, largeEvery = LARGE_EVERY } = this.config;
    if (largeEvery > 0 && this.random.int(largeEvery) === 0) return maxTxs * 2 + this.random.int(maxTxs * 2 + 1);
    return 1 + this.random.int(maxTxs);
  }

  /** Mines, captures and checks the next random block. */
  async next(options: NextOptions = {}): Promise<BlockOutcome> {
    const index = this.index++;
    try {
      return await this.run(index, options);
    } catch (error) {
      // Mining or capture failed, or an executor threw: say which block, so it can be reproduced.
      if (error instanceof Error) error.message += ` (seed ${this.config.seed}, block index ${index})`;
      throw error;
    }
  }

  private async run(index: number, options: NextOptions): Promise<BlockOutcome> {
    const { workers, faults, beforeExecute } = options;
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - t;
      t = now;
      return ms;
    };
    const produce = async () => {
      await this.production.mine();
      return Number(await this.provider.request({ method: "eth_blockNumber" }));
    };
    const { number, kinds } = await mineRandomBlock(this.world, this.random, this.nextSize(), produce);
    const mine = lap();
    const block = this.production.take().pop();
    if (block?.number !== number) throw new Error(`block ${number} was not captured`);
    const mismatches: Mismatch[] = [];
    const report = (key: string, expected: string, got: string, check: string) =>
      mismatches.push({ block: number, tx: null, key, expected, got, check });
    if (block.capturedBy !== "engine") report("capture", "engine", `trace: ${block.fallbackReason}`, "engine capture");
    if (index % (this.config.traceEvery ?? 1) === 0) {
      const [traced] = await captureBlocks(this.provider, number, number);
      for (const d of compareCaptures(block, traced)) report(`${d.set} ${d.key}`, d.trace, d.engine, differenceLine(d));
    }
    const capture = lap();

    // Each executor gets its own job: they fetch missing pre-state into it (and must each do so).
    const seqJob = await blockJobFromCapture(block, this.provider);
    this.sequential ??= await SequentialExecutor.create(CHAIN, seqJob);
    const seq = await this.sequential.execute(seqJob);
    mismatches.push(...againstCapture(block, seq, seqJob, "sequential vs EDR"));
    const sequential = lap();

    const pools =
      workers !== undefined
        ? workers.map((n) => this.pool(n))
        : this.config.everyPoolEachBlock
          ? this.pools
          : [this.pools[index % this.pools.length]];
    const parallel: ParallelRun[] = [];
    for (const pool of pools) {
      const name = `parallel(${pool.pool.size})`;
      const job = await blockJobFromCapture(block, this.provider);
      let par: BlockExecution;
      if (faults !== undefined) pool.injectFault(faults(block.transactions.length));
      beforeExecute?.(pool, job);
      try {
        par = await pool.execute(job);
      } catch (error) {
        mismatches.push({
          block: number,
          tx: null,
          key: "error",
          expected: "a result",
          got: String((error as Error)?.stack ?? error),
          check: name,
        });
        continue;
      } finally {
        // A fault that did not fire (its transaction never ran on a worker) must not leak into the next block.
        pool.options.faults = undefined;
      }
      mismatches.push(...againstCapture(block, par, job, `${name} vs EDR`));
      mismatches.push(...compareExecutions(number, seq, par, `${name} vs sequential`));
      parallel.push({
        workers: pool.pool.size,
        reexecutions: par.reexecutions.length,
        reasons: par.reexecutions.map((r) => r.reason),
        fellBack: par.fellBack,
        serialTxs: par.serialTxs ?? 0,
        sendersRecovered: par.sendersRecovered ?? 0,
        ms: par.wallMs,
      });
    }
    const failed = block.transactions.filter((tx) => tx.status === 0).length;
    return { index, number, kinds, failed, parallel, mismatches, ms: { mine, capture, sequential, parallel: lap() } };
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((pool) => pool.terminate()));
  }
}

function againstCapture(block: CapturedBlock, execution: BlockExecution, job: BlockJob, check: string): Mismatch[] {
  const pre = prestateFromCapture(block);
  return checkAgainstCapture(block, execution, pre, expectedPostState(block, pre), job.codes, check);
}

/** Running totals over a differential run. */
export class DifferentialTotals {
  blocks = 0;
  txs = 0;
  failedTxs = 0;
  /** Parallel runs of a block, and those that re-executed at least one transaction. */
  parallelRuns = 0;
  runsWithReexecutions = 0;
  reexecutions = 0;
  fellBack = 0;
  /** Parallel runs in which some call class became serial. */
  runsWithSerialClasses = 0;
  /** Parallel runs in which idle workers recovered senders ahead of the main thread or serial worker. */
  runsWithSendersRecovered = 0;
  largestBlock = 0;
  readonly kinds = new Map<string, number>(KIND_NAMES.map((kind) => [kind, 0]));
  /** Parallel runs per worker count. */
  readonly workers = new Map<number, number>();
  /** "read invalidated" re-executions per worker count (conflicts really met in parallel). */
  readonly invalidated = new Map<number, number>();
  readonly reasons = new Map<string, number>();
  readonly failures: BlockOutcome[] = [];
  mismatches = 0;
  readonly ms = { mine: 0, capture: 0, sequential: 0, parallel: 0 };

  add(outcome: BlockOutcome): void {
    this.blocks++;
    this.txs += outcome.kinds.length;
    this.failedTxs += outcome.failed;
    this.largestBlock = Math.max(this.largestBlock, outcome.kinds.length);
    for (const kind of outcome.kinds) this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    for (const run of outcome.parallel) {
      this.parallelRuns++;
      this.workers.set(run.workers, (this.workers.get(run.workers) ?? 0) + 1);
      this.reexecutions += run.reexecutions;
      if (run.reexecutions > 0) this.runsWithReexecutions++;
      if (run.fellBack) this.fellBack++;
      if (run.serialTxs > 0) this.runsWithSerialClasses++;
      if (run.sendersRecovered > 0) this.runsWithSendersRecovered++;
      for (const reason of run.reasons) {
        if (reason === "read invalidated")
          this.invalidated.set(run.workers, (this.invalidated.get(run.workers) ?? 0) + 1);
        const short = reason.startsWith("worker lost") ? "worker lost" : reason;
        this.reasons.set(short, (this.reasons.get(short) ?? 0) + 1);
      }
    }
    for (const key of ["mine", "capture", "sequential", "parallel"] as const) this.ms[key] += outcome.ms[key];
    if (outcome.mismatches.length > 0) {
      this.mismatches += outcome.mismatches.length;
      this.failures.push(outcome);
    }
  }

  /** Kinds sent fewer than `min` times. */
  rareKinds(min: number): string[] {
    return [...this.kinds].filter(([, count]) => count < min).map(([kind, count]) => `${kind}: ${count}`);
  }

  summary(): string {
    const ms = (n: number) => `${(n / 1000).toFixed(1)} s`;
    return [
      `blocks ${this.blocks}, txs ${this.txs} ` +
        `(largest block ${this.largestBlock}, ${this.failedTxs} reverted or out of gas; ` +
        `rarest kind ${[...this.kinds].sort((a, b) => a[1] - b[1])[0]?.join(": ")})`,
      `parallel runs ${this.parallelRuns} (${[...this.workers].map(([w, n]) => `${w} workers: ${n}`).join(", ")}), ` +
        `re-executions ${this.reexecutions} in ${this.runsWithReexecutions} runs ` +
        `(${[...this.reasons].map(([r, n]) => `${r}: ${n}`).join(", ") || "none"}), ` +
        `fell back to sequential in ${this.fellBack}, ` +
        `serial call classes in ${this.runsWithSerialClasses}, ` +
        `senders recovered ahead in ${this.runsWithSendersRecovered}`,
      "read-invalidated re-executions by worker count: " +
        ([...this.invalidated].map(([w, n]) => `${w}: ${n}`).join(", ") || "none"),
      `mismatches ${this.mismatches} in ${this.failures.length} blocks`,
      `time: mine ${ms(this.ms.mine)}, capture ${ms(this.ms.capture)}, ` +
        `sequential ${ms(this.ms.sequential)}, parallel ${ms(this.ms.parallel)}`,
    ].join("\n");
  }
}

/** A failed block, with what is needed to reproduce it and its first mismatches. */
export function describeFailure(config: DifferentialConfig, outcome: BlockOutcome, limit = 8): string {
  const lines = [
    `MISMATCH seed ${config.seed}, block index ${outcome.index} (chain block ${outcome.number}), ` +
      `${outcome.kinds.length} txs, pools ${outcome.parallel.map((p) => p.workers).join(",") || "(errored)"}: ` +
      `${outcome.mismatches.length} mismatches`,
    `  reproduce: npm run fuzz -- --seed ${config.seed} --blocks ${outcome.index + 1} ` +
      `--workers ${config.workers.join(",")} --max-txs ${config.maxTxs} ` +
      `--large-every ${config.largeEvery ?? LARGE_EVERY}${config.everyPoolEachBlock ? " --every-pool" : ""}`,
    `  kinds sent: ${outcome.kinds.map((kind, i) => `${i}:${kind}`).join(" ")}`,
  ];
  for (const m of outcome.mismatches.slice(0, limit)) {
    lines.push(
      `  [${m.check}] tx ${m.tx ?? "post"} ${m.key}: expected ${m.expected.slice(0, 200)}, got ${m.got.slice(0, 200)}`,
    );
  }
  if (outcome.mismatches.length > limit) lines.push(`  ... and ${outcome.mismatches.length - limit} more`);
  return lines.join("\n");
}
