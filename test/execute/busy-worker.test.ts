import { expect } from "chai";
import { network } from "hardhat";

import { encode } from "../../plugin/internal/execute/workers/index.ts";
import { callClass } from "../../plugin/internal/execute/stm/serial-classes.ts";
import { type DifferentialConfig, Differential, describeFailure } from "./support/differential.ts";

/** Long enough for a replacement worker's start (it counts against the timeout). */
const TASK_TIMEOUT_MS = 5_000;
const CONFIG: DifferentialConfig = {
  seed: 4242,
  workers: [2],
  maxTxs: 24,
  largeEvery: 0,
  // Never start the block on the main thread: it would not need the workers at all.
  parallelOptions: { sequentialChainShare: 2, taskTimeoutMs: TASK_TIMEOUT_MS },
};

/**
 * A block can commit while some of its batches are still queued on a worker (the main thread ran
 * them itself). The next block must still run when that worker frees, even when all its work is
 * for that worker: here every transaction is of a call class already known serial, all of one
 * chain (as after a block of the same contended calls), so all of it goes to the first worker, and
 * that worker is busy with two tasks of another block: one that hangs until the task timeout, one
 * queued behind it. The other worker only recovers senders, and is done long before.
 */
describe("parallel executor: the first worker still busy with an earlier block's tasks", function () {
  this.timeout(120_000);
  let differential: Differential;

  before(async function () {
    const { provider } = await network.create();
    differential = await Differential.start(provider, CONFIG);
  });

  after(async function () {
    await differential?.close();
  });

  it("a block whose transactions are all serial runs once that worker frees, exactly", async function () {
    let txs = 0;
    const busy: Array<Promise<string>> = [];
    const outcomeOf = (task: Promise<unknown>) =>
      busy.push(
        task.then(
          () => "answered",
          () => "lost",
        ),
      );
    const outcome = await differential.next({
      beforeExecute: (executor, job) => {
        txs = job.txs.length;
        // One chain: all of it on one worker, the first (all are idle as far as the block knows).
        for (const raw of job.txs) executor.serialClassNames.set(callClass(raw)!, "one chain");
        const first = executor.pool.slots[0];
        const block = encode({ chain: executor.chain, env: job.env, txs: job.txs, pre: [...job.pre.values] });
        const worker = { index: 0, generation: 0 };
        const hang = {
          blockId: -1,
          setup: { block, codes: [] },
          worker,
          fromSeq: 0,
          log: [],
          items: [{ tx: 0, incarnation: 1 }],
          faults: { hangOnTx: 0 },
        };
        outcomeOf(executor.pool.run(first, hang));
        outcomeOf(executor.pool.run(first, { blockId: -1, worker, fromSeq: 0, log: [], items: [] }));
      },
    });
    expect(await Promise.all(busy)).to.deep.equal(["lost", "lost"]); // timed out, and cancelled
    expect(outcome.mismatches, describeFailure(CONFIG, outcome)).to.deep.equal([]);
    expect(outcome.parallel).to.have.length(1);
    expect(outcome.parallel[0].serialTxs).to.equal(txs);
    expect(outcome.parallel[0].ms).to.be.at.least(TASK_TIMEOUT_MS);
  });
});
