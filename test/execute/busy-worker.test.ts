import { expect } from "chai";
import { network } from "hardhat";

import { callClass } from "../../plugin/internal/execute/serial-classes.ts";
import { type DifferentialConfig, Differential, describeFailure } from "./support/differential.ts";

const CONFIG: DifferentialConfig = { seed: 4242, workers: [2], maxTxs: 24, largeEvery: 0 };

/**
 * A block can commit while some of its batches are still queued on a worker (the main thread ran
 * them itself). The next block must still run when that worker frees, even when all its work is
 * for that worker: here every transaction is of a call class already known serial, all of one chain (as
 * after a block of the same contended calls), and the first worker is busy with two tasks of
 * another block.
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
    const outcome = await differential.next({
      beforeExecute: (executor, job) => {
        txs = job.txs.length;
        // One chain: all of it on one worker, the first (all are idle as far as the block knows).
        for (const raw of job.txs) executor.serialClassNames.set(callClass(raw)!, "one chain");
        const first = executor.pool.slots[0];
        // Tasks of no block the worker holds: it answers each with "need a set-up".
        for (let i = 0; i < 2; i++) void executor.pool.run(first, { blockId: -1, fromSeq: 0, log: [], items: [] });
      },
    });
    expect(outcome.mismatches, describeFailure(CONFIG, outcome)).to.deep.equal([]);
    expect(outcome.parallel).to.have.length(1);
    expect(outcome.parallel[0].serialTxs).to.equal(txs);
  });
});
