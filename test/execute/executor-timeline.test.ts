import type { CapturedBlock } from "../../plugin/internal/capture/types.ts";
import type { BlockExecution, ParallelOptions, TimelineSpan } from "../../plugin/internal/execute/index.ts";
import type { TimelineTuple } from "../../plugin/internal/replay/index.ts";
import type { Eip1193Provider } from "../../plugin/internal/rpc/index.ts";

import { expect } from "chai";
import { network } from "hardhat";

import { captureBlocks } from "../../plugin/internal/capture/capture-blocks.ts";
import {
  ReplayPool,
  blockJobFromCapture,
  compareExecutions,
  replayCapture,
} from "../../plugin/internal/replay/index.ts";
import { ParallelExecutor, SequentialExecutor } from "../../plugin/internal/execute/index.ts";
import { CHAIN } from "./support/differential.ts";
import { abi, deployFuzzWorld, mine } from "./support/fuzz-world.ts";
import { call } from "./support/rpc.ts";

const SWAPS = 16;
const WORKERS = 2;
/** Worker spans are timed on each worker's clock (epoch ms): allow for the threads' clocks to differ a little. */
const CLOCK_MS = 0.5;

/** Swaps on two pools in turn, each from its own sender: every swap reads what the previous one on its pool wrote. */
async function contendedBlock(provider: Eip1193Provider): Promise<CapturedBlock> {
  const world = await deployFuzzWorld(provider, { pools: 2 });
  expect(world.accounts.length).to.be.at.least(SWAPS);
  await call(provider, "evm_setAutomine", false);
  for (let i = 0; i < SWAPS; i++) {
    const data = abi.pool.encodeFunctionData("swap", [i % 4 < 2, 10n ** 18n, 0n]);
    await call(provider, "eth_sendTransaction", {
      from: world.accounts[i],
      to: world.pools[i % 2].address,
      data,
      gas: "0x3d090",
    });
  }
  const number = await mine(provider);
  await call(provider, "evm_setAutomine", true);
  const [block] = await captureBlocks(provider, number, number);
  expect(block.transactions).to.have.length(SWAPS);
  return block;
}

/** Spans of one worker never overlap; every one lies within the run. */
function checkSpans(spans: readonly TimelineSpan[], wallMs: number, workers: number, label: string): void {
  const byWorker = new Map<number, TimelineSpan[]>();
  for (const span of spans) {
    const where = `${label}: ${JSON.stringify(span)}`;
    expect(span.worker, where).to.be.within(-1, workers - 1);
    expect(span.startMs, where).to.be.at.least(span.worker === -1 ? 0 : -CLOCK_MS);
    expect(span.endMs, where).to.be.at.least(span.startMs);
    expect(span.endMs, where).to.be.at.most(wallMs + (span.worker === -1 ? 0 : CLOCK_MS));
    const list = byWorker.get(span.worker) ?? [];
    list.push(span);
    byWorker.set(span.worker, list);
  }
  for (const [worker, list] of byWorker) {
    list.sort((a, b) => a.startMs - b.startMs);
    for (let i = 1; i < list.length; i++) {
      const overlap = `${label}: worker ${worker}: ${JSON.stringify(list[i - 1])} overlaps ${JSON.stringify(list[i])}`;
      expect(list[i].startMs, overlap).to.be.at.least(list[i - 1].endMs);
    }
  }
}

/**
 * Checks a run's timeline against its transactions (the relation documented on
 * BlockExecution.timeline): a transaction's spans are numbered exactly 1..incarnations. The parallel
 * executor adds one more for each discarded execution: one per missing pre-state, and, only in a run
 * that fell back to the main thread, those of batches it took over. (The sequential executor counts a
 * run that found pre-state missing as an incarnation.)
 */
function checkTimeline(execution: BlockExecution, workers: number, label: string, parallel = true): void {
  const timeline = execution.timeline!;
  expect(timeline, label).to.not.equal(undefined);
  checkSpans(timeline, execution.wallMs, workers, label);
  execution.txs.forEach(({ incarnations }, tx) => {
    const spans = timeline.filter((span) => span.tx === tx);
    const where = `${label}: tx ${tx}, ${incarnations} incarnations, spans ${JSON.stringify(spans)}`;
    expect(spans.length, where).to.be.at.least(Math.max(1, incarnations));
    const numbers = [...new Set(spans.map((span) => span.incarnation))].sort((a, b) => a - b);
    expect(numbers, where).to.deep.equal(Array.from({ length: incarnations }, (_, i) => i + 1));
    const missing = execution.reexecutions.filter((r) => r.tx === tx && r.reason === "missing pre-state").length;
    if (!execution.fellBack) expect(spans.length, where).to.equal(incarnations + (parallel ? missing : 0));
  });
  const onMainThread = timeline.some((span) => span.worker === -1);
  if (parallel && !execution.fellBack) expect(onMainThread, `${label}: on the main thread`).to.equal(false);
}

/**
 * BlockExecution.timeline and BlockReplay.timeline: every execution of a transaction on a real
 * worker pool (or on the main thread), measured, on a block whose transactions conflict.
 */
describe("parallel executor: measured timeline of a block run", function () {
  this.timeout(300_000);
  let provider: Eip1193Provider;
  let block: CapturedBlock;
  let sequential: BlockExecution;

  before(async function () {
    ({ provider } = await network.create());
    block = await contendedBlock(provider);
    const job = await blockJobFromCapture(block, provider);
    sequential = await (await SequentialExecutor.create(CHAIN, job)).execute(job);
  });

  it("sequential executor: one span per run, on the main thread", function () {
    checkTimeline(sequential, 1, "sequential", false);
    expect(sequential.timeline!.every((span) => span.worker === -1)).to.equal(true);
    // In block order (a run that found pre-state missing is followed by the transaction's next run).
    const txs = sequential.timeline!.map((span) => span.tx);
    expect([...new Set(txs)]).to.deep.equal([...Array(SWAPS).keys()]);
    expect(txs).to.deep.equal([...txs].sort((a, b) => a - b));
  });

  const cases: Array<[string, ParallelOptions, number]> = [
    ["no serial classes: conflicts re-execute", { serialClasses: false, sequentialChainShare: 2 }, 1],
    ["serial classes: learned in the first run, the second runs each chain on its worker", {}, 2],
  ];
  for (const [title, options, runs] of cases) {
    it(`${title}; every execution has its span`, async function () {
      const executor = new ParallelExecutor(WORKERS, CHAIN, options);
      try {
        const executions: BlockExecution[] = [];
        // One job for all runs: pre-state the first run found missing (and fetched) is there for the next.
        const job = await blockJobFromCapture(block, provider);
        for (let run = 0; run < runs; run++) {
          const execution = await executor.execute(job);
          expect(compareExecutions(block.number, sequential, execution, `run ${run}`)).to.deep.equal([]);
          checkTimeline(execution, WORKERS, `${title}, run ${run}`);
          executions.push(execution);
        }
        const last = executions.at(-1)!;
        if (options.serialClasses === false) {
          // Reads invalidated (so many that the run may fall back to the main thread): executions after them.
          expect(
            last.txs.some((t) => t.incarnations > 1),
            "the conflicts re-executed",
          ).to.equal(true);
          expect(
            last.timeline!.some((span) => span.incarnation > 1),
            "spans of incarnation > 1",
          ).to.equal(true);
        } else {
          // Nothing executed twice: exactly one span per transaction, all on workers.
          expect([last.fellBack, last.reexecutions]).to.deep.equal([false, []]);
          expect(last.timeline!.map((span) => span.tx).sort((a, b) => a - b)).to.deep.equal([...Array(SWAPS).keys()]);
          expect(last.timeline!.every((span) => span.worker >= 0 && span.incarnation === 1)).to.equal(true);
        }
      } finally {
        await executor.terminate();
      }
    });
  }

  it("replayCapture: the timed parallel run's timeline, as tuples by start time, in µs", async function () {
    const pool = new ReplayPool(WORKERS, 1);
    try {
      const capture = { scenario: "timeline", chainId: CHAIN.chainId, hardfork: CHAIN.hardfork, blocks: [block] };
      const [replay] = await replayCapture({ ...capture, contracts: {} }, provider, pool);
      expect(replay.mismatches).to.deep.equal([]);
      const tuples: TimelineTuple[] = replay.timeline!;
      expect(tuples, "timeline").to.not.equal(undefined);
      const spans = tuples.map(([tx, incarnation, worker, startMs, endMs]) => ({
        tx,
        incarnation,
        worker,
        startMs,
        endMs,
      }));
      checkSpans(spans, replay.parallelMs + 0.001, WORKERS, "replay");
      for (let tx = 0; tx < SWAPS; tx++) {
        expect(
          spans.some((span) => span.tx === tx && span.incarnation === 1),
          `tx ${tx}`,
        ).to.equal(true);
      }
      const starts = spans.map((span) => span.startMs);
      expect(starts).to.deep.equal([...starts].sort((a, b) => a - b));
      for (const [, , , startMs, endMs] of tuples) {
        expect(Math.round(startMs * 1000) / 1000).to.equal(startMs);
        expect(Math.round(endMs * 1000) / 1000).to.equal(endMs);
      }
      expect(JSON.parse(JSON.stringify(replay)).timeline).to.deep.equal(tuples);
    } finally {
      await pool.terminate();
    }
  });
});
