import { expect } from "chai";
import { network } from "hardhat";

import { KIND_NAMES } from "./support/random-block.ts";
import { type DifferentialConfig, Differential, DifferentialTotals, describeFailure } from "./support/differential.ts";

/**
 * 1,000 seeded random blocks, each mined by EDR, captured, and run by the sequential executor and
 * by a parallel executor (1, 2 and 4 workers in turn): every receipt, write set and post-state value
 * must equal EDR's and the sequential run's. Blocks have 1–16 transactions, one in 40 has 32–64.
 * The long run is `npm run fuzz -- --blocks 10000`.
 */
const BLOCKS = 1000;
const CHUNK = 100;
const CONFIG: DifferentialConfig = { seed: 20261125, workers: [1, 2, 4], maxTxs: 16, largeEvery: 40 };
/** Every kind must be sent at least this often over the run (about 9,000 transactions). */
const MIN_PER_KIND = 25;

describe("parallel executor vs sequential vs EDR: 1,000 random blocks", function () {
  this.timeout(600_000);
  let differential: Differential;
  const totals = new DifferentialTotals();

  before(async function () {
    const { provider } = await network.create();
    differential = await Differential.start(provider, CONFIG);
  });

  after(async function () {
    await differential?.close();
    console.log(`      ${totals.summary().replaceAll("\n", "\n      ")}`);
  });

  for (let from = 0; from < BLOCKS; from += CHUNK) {
    it(`blocks ${from}–${from + CHUNK - 1}: no mismatch`, async function () {
      const failures = [];
      for (let i = from; i < from + CHUNK; i++) {
        const outcome = await differential.next();
        expect(outcome.index).to.equal(i);
        totals.add(outcome);
        if (outcome.mismatches.length > 0) failures.push(describeFailure(CONFIG, outcome));
      }
      expect(failures, failures.join("\n")).to.deep.equal([]);
    });
  }

  it("sent every kind of transaction, used every pool and really re-executed", function () {
    expect(totals.blocks).to.equal(BLOCKS);
    // Every block after the first was taken from EDR's mempool, and EDR mined it as the engine ran it.
    expect(differential.mempoolPicks).to.equal(BLOCKS - 1);
    expect(totals.rareKinds(MIN_PER_KIND), `kinds sent fewer than ${MIN_PER_KIND} times`).to.deep.equal([]);
    expect([...totals.kinds.keys()].sort()).to.deep.equal([...KIND_NAMES].sort());
    // Reverts (failed require) and out-of-gas really happened in EDR.
    expect(totals.failedTxs).to.be.greaterThan(200);
    expect(totals.largestBlock).to.be.at.least(2 * CONFIG.maxTxs);
    for (const workers of CONFIG.workers) {
      expect(totals.workers.get(workers), `blocks run on ${workers} workers`).to.be.at.least(
        BLOCKS / CONFIG.workers.length - 1,
      );
    }
    // Conflicts met in parallel: transactions re-run because a value they read changed.
    for (const workers of CONFIG.workers.filter((n) => n > 1)) {
      expect(
        totals.invalidated.get(workers) ?? 0,
        `read-invalidated re-executions on ${workers} workers`,
      ).to.be.at.least(50);
    }
    expect(totals.runsWithReexecutions).to.be.at.least(BLOCKS / 10);
    // Chains of one call class were routed to one worker (execute/stm/serial-classes.ts).
    expect(totals.runsWithSerialClasses, "runs with serial call classes").to.be.at.least(10);
    // Idle workers recovered senders for the main thread or the serial worker (execute/stm/sender-recovery.ts).
    expect(totals.runsWithSendersRecovered, "runs with senders recovered ahead").to.be.at.least(10);
  });
});
