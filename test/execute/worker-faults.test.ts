import { expect } from "chai";
import { network } from "hardhat";

import { type BlockOutcome, type DifferentialConfig, Differential, describeFailure } from "./support/differential.ts";

/**
 * A worker that exits, hangs or throws in the middle of a random block is replaced and its batch
 * runs again: the block's result still equals the sequential run and EDR exactly, and the pool keeps
 * working on the next blocks. The hang is caught by the task timeout, kept short here but well above
 * a replacement worker's cold start (which counts against it): under heavy load a too-short timeout
 * kills replacement workers while they start, batch after batch, until the block gives up.
 */
const TASK_TIMEOUT_MS = 8_000;
const CONFIG: DifferentialConfig = {
  seed: 777,
  workers: [1, 2, 4],
  maxTxs: 24,
  largeEvery: 0,
  parallelOptions: { taskTimeoutMs: TASK_TIMEOUT_MS, maxLostBatches: 20 },
};

function expectExact(outcome: BlockOutcome): void {
  expect(outcome.mismatches, describeFailure(CONFIG, outcome)).to.deep.equal([]);
  expect(outcome.parallel).to.have.length(1);
}

function lost(outcome: BlockOutcome): string[] {
  return outcome.parallel.flatMap((run) => run.reasons).filter((reason) => reason.startsWith("worker lost"));
}

describe("parallel executor: a worker that crashes, hangs or throws", function () {
  this.timeout(300_000);
  let differential: Differential;

  before(async function () {
    const { provider } = await network.create();
    differential = await Differential.start(provider, CONFIG);
    // Warm every pool (workers started, code loaded) so that only the injected faults lose batches.
    for (let i = 0; i < 2; i++) {
      const outcome = await differential.next({ workers: CONFIG.workers });
      expect(outcome.mismatches, describeFailure(CONFIG, outcome)).to.deep.equal([]);
    }
  });

  after(async function () {
    await differential?.close();
  });

  for (const workers of CONFIG.workers) {
    it(`${workers} worker(s): a worker that exits mid-block is replaced, the result is exact`, async function () {
      const outcome = await differential.next({
        workers: [workers],
        faults: (txs) => ({ exitOnTx: Math.floor(txs / 2) }),
      });
      expectExact(outcome);
      const reasons = lost(outcome);
      expect(reasons, "no batch was lost: the fault did not fire").to.not.deep.equal([]);
      expect(reasons.join("\n")).to.match(/terminated unexpectedly[\s\S]*exitCode: `3`/i);
    });

    const throwTitle =
      `${workers} worker(s): ` + "a task that throws fails its worker's other tasks too, the result is exact";
    it(throwTitle, async function () {
      const outcome = await differential.next({
        workers: [workers],
        faults: (txs) => ({ throwOnTx: Math.floor(txs / 2) }),
      });
      expectExact(outcome);
      const reasons = lost(outcome);
      expect(reasons.join("\n")).to.match(/injected fault at transaction/);
    });

    if (workers === 2) continue; // a hang costs the timeout: 1 and 4 workers are enough
    const hangTitle =
      `${workers} worker(s): ` + "a worker that hangs mid-block is replaced after the timeout, the result is exact";
    it(hangTitle, async function () {
      const outcome = await differential.next({
        workers: [workers],
        faults: (txs) => ({ hangOnTx: Math.floor(txs / 2) }),
      });
      expectExact(outcome);
      const reasons = lost(outcome);
      expect(reasons, "no batch was lost: the fault did not fire").to.not.deep.equal([]);
      expect(reasons.join("\n")).to.match(/timed out/i);
      expect(outcome.parallel[0].ms).to.be.at.least(TASK_TIMEOUT_MS);
    });
  }

  it("the pools work normally afterwards (no fault left armed, no batch lost)", async function () {
    for (let i = 0; i < 3; i++) {
      const outcome = await differential.next({ workers: CONFIG.workers });
      expect(outcome.mismatches, describeFailure(CONFIG, outcome)).to.deep.equal([]);
      expect(outcome.parallel).to.have.length(CONFIG.workers.length);
      expect(lost(outcome)).to.deep.equal([]);
    }
  });
});
