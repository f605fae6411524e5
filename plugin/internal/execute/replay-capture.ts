import type { CaptureResult, CapturedBlock } from "../capture/types.ts";
import type { BlockExecution, BlockJob } from "./block-execution.ts";
import type { Mismatch } from "./capture-check.ts";
import type { ParallelExecutor } from "./parallel-executor.ts";
import type { Eip1193Provider } from "./provider-prestate.ts";
import type { ReplayPool } from "./replay-pool.ts";
import type { BlockReplay } from "./replay-types.ts";

import { blockJobFromCapture } from "./block-job.ts";
import { checkAgainstCapture, compareExecutions } from "./capture-check.ts";
import { expectedPostState, prestateFromCapture } from "./capture-prestate.ts";
import { CodeStore } from "./code-store.ts";
import { reexecutionSummary } from "./reexecution-summary.ts";
import { roundMs } from "./round-ms.ts";
import { SequentialExecutor } from "./sequential-executor.ts";

/** Transactions replayed so far, of all the capture's. */
export type ReplayProgress = (done: number, total: number) => void;

/**
 * Re-executes every captured block, sequentially and on the pool, and checks both against the
 * capture (EDR's receipts and post-state) and against each other. `provider` must still be the
 * capture's open connection: pre-state the capture lacks is fetched from it at the parent block.
 *
 * What is timed, per block: one sequential run and one parallel run, after a sequential warm-up run
 * (untimed; it fetches the missing pre-state, so the timed runs never wait on the network). On the
 * scenario's first block the pool also runs once, untimed, before either timed run: worker start-up
 * and JIT warm-up are over and the workers idle while the sequential run is timed. Every run, timed
 * or not, is checked.
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
    replays.push(await replayBlock(block, job, sequential, parallel, replays.length === 0));
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
): Promise<BlockReplay> {
  const label = `parallel(${parallel.pool.size})`;
  const mismatches: Mismatch[] = [];
  let stage = "sequential warm-up";
  try {
    await sequential.execute(job);
    // Before anything is timed: the pool's workers start and warm up, and go idle.
    stage = `${label} warm-up`;
    const warm = warmPool ? await parallel.execute(job) : undefined;
    stage = "sequential";
    const seq = await sequential.execute(job);
    const pre = prestateFromCapture(block);
    const post = expectedPostState(block, pre);
    mismatches.push(...checkAgainstCapture(block, seq, pre, post, job.codes, "sequential vs capture"));
    if (warm !== undefined) mismatches.push(...compareExecutions(block.number, seq, warm, `${label} warm-up vs sequential`));
    stage = label;
    const par = await parallel.execute(job);
    mismatches.push(...checkAgainstCapture(block, par, pre, post, job.codes, `${label} vs capture`));
    mismatches.push(...compareExecutions(block.number, seq, par, `${label} vs sequential`));
    return measured(block, seq, par, mismatches);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    mismatches.push({ block: block.number, tx: null, key: "execution", expected: "completed", got: `failed: ${message}`, check: stage });
    return measured(block, undefined, undefined, mismatches);
  }
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
    mismatches,
  };
}
