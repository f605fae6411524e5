import type { CaptureResult, CapturedBlock } from "../capture/types.ts";
import type { Eip1193Provider } from "../rpc/index.ts";
import type { BlockExecution, BlockJob, ParallelExecutor } from "../execute/index.ts";
import type { Mismatch } from "./capture-check.ts";
import type { ReplayPool } from "./replay-pool.ts";
import type { BlockReplay, TimelineTuple } from "./replay-types.ts";

import { blockJobFromCapture } from "./block-job.ts";
import { checkAgainstCapture, compareExecutions } from "./capture-check.ts";
import { expectedPostState, prestateFromCapture } from "./capture-prestate.ts";
import { CodeStore } from "../evm/index.ts";
import { reexecutionSummary } from "./reexecution-summary.ts";
import { roundMs } from "./round-ms.ts";
import { SequentialExecutor } from "../execute/index.ts";

/** Transactions replayed so far, of all the capture's. */
export type ReplayProgress = (done: number, total: number) => void;

/**
 * Re-executes every captured block, sequentially and on the pool, and checks both against the
 * capture (EDR's receipts and post-state) and against each other. `provider` must still be the
 * capture's open connection: pre-state the capture lacks is fetched from it at the parent block.
 *
 * What is timed, per block: `pool.rounds` sequential runs and as many parallel runs, taking turns
 * (so that load from elsewhere hits both alike), after a sequential warm-up run (untimed; it
 * fetches the missing pre-state, so the timed runs never wait on the network). The block's figures
 * are those of the median run of each. On the scenario's first block the pool also runs once,
 * untimed, before any timed run: worker start-up and JIT warm-up are over and the workers idle
 * while the sequential runs are timed. Every run, timed or not, is checked.
 * `predictedSpeedup` is left null: it comes from the analysis (see ../report/scenario-execution.ts).
 */
export async function replayCapture(
  capture: CaptureResult,
  provider: Eip1193Provider,
  pool: ReplayPool,
  onProgress: ReplayProgress = () => {},
): Promise<BlockReplay[]> {
  const chain = { chainId: capture.chainId, hardfork: capture.hardfork };
  const parallel = await pool.executorFor(chain);
  const codes = new CodeStore();
  const total = capture.blocks.reduce((n, block) => n + block.transactions.length, 0);
  let sequential: SequentialExecutor | undefined;
  let done = 0;
  const replays: BlockReplay[] = [];
  for (const block of capture.blocks) {
    const job = await blockJobFromCapture(block, provider, codes);
    sequential ??= await SequentialExecutor.create(chain, job);
    replays.push(await replayBlock(block, job, sequential, parallel, replays.length === 0, pool.rounds));
    onProgress((done += block.transactions.length), total);
  }
  return replays;
}

async function replayBlock(
  block: CapturedBlock,
  job: BlockJob,
  sequential: SequentialExecutor,
  parallel: ParallelExecutor,
  warmPool: boolean,
  rounds: number,
): Promise<BlockReplay> {
  const label = `parallel(${parallel.pool.size})`;
  const mismatches = new Map<string, Mismatch>();
  const found = (list: Mismatch[]) => list.forEach((m) => mismatches.set(JSON.stringify(m), m));
  let stage = "sequential warm-up";
  try {
    await sequential.execute(job);
    // Before anything is timed: the pool's workers start and warm up, and go idle.
    stage = `${label} warm-up`;
    const warm = warmPool ? await parallel.execute(job) : undefined;
    const pre = prestateFromCapture(block);
    const post = expectedPostState(block, pre);
    const seqRuns: BlockExecution[] = [];
    const parRuns: BlockExecution[] = [];
    for (let round = 1; round <= rounds; round++) {
      const of = rounds > 1 ? ` (round ${round} of ${rounds})` : "";
      stage = `sequential${of}`;
      const seq = await sequential.execute(job);
      found(checkAgainstCapture(block, seq, pre, post, job.codes, "sequential vs capture"));
      if (warm !== undefined && round === 1) {
        found(compareExecutions(block.number, seq, warm, `${label} warm-up vs sequential`));
      }
      stage = `${label}${of}`;
      const par = await parallel.execute(job);
      found(checkAgainstCapture(block, par, pre, post, job.codes, `${label} vs capture`));
      found(compareExecutions(block.number, seq, par, `${label} vs sequential`));
      seqRuns.push(seq);
      parRuns.push(par);
    }
    return measured(block, medianRun(seqRuns), medianRun(parRuns), [...mismatches.values()]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failed = `failed: ${message}`;
    found([{ block: block.number, tx: null, key: "execution", expected: "completed", got: failed, check: stage }]);
    return measured(block, undefined, undefined, [...mismatches.values()]);
  }
}

/** The run of median wall time (the lower of the two middle ones for an even count). */
function medianRun(runs: BlockExecution[]): BlockExecution {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[(runs.length - 1) >> 1];
}

function measured(
  block: CapturedBlock,
  seq: BlockExecution | undefined,
  par: BlockExecution | undefined,
  mismatches: Mismatch[],
): BlockReplay {
  const sequentialMs = roundMs(seq?.wallMs ?? 0);
  const parallelMs = roundMs(par?.wallMs ?? 0);
  return {
    number: block.number,
    transactions: block.transactions.length,
    sequentialMs,
    parallelMs,
    speedup: parallelMs > 0 ? sequentialMs / parallelMs : 1,
    predictedSpeedup: null,
    ...reexecutionSummary(par?.reexecutions ?? []),
    fellBack: par?.fellBack ?? false,
    busyMs: (par?.busyMs ?? []).map(roundMs),
    ...(par?.timeline !== undefined && { timeline: timelineTuples(par.timeline) }),
    mismatches,
  };
}

/** A run's timeline as compact tuples, by start time (then worker), times to the microsecond. */
function timelineTuples(spans: NonNullable<BlockExecution["timeline"]>): TimelineTuple[] {
  return spans
    .map((s): TimelineTuple => [s.tx, s.incarnation, s.worker, roundMs(s.startMs), roundMs(s.endMs)])
    .sort((a, b) => a[3] - b[3] || a[2] - b[2]);
}
