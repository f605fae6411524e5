import { expect } from "chai";

import { expectClose } from "../helpers/expect-close.ts";
import { validateParallelUserConfig } from "../../plugin/internal/config/parallel-config.ts";
import { BaselineSample } from "../../plugin/internal/node/baseline-sample.ts";
import { ExecutionChoice } from "../../plugin/internal/node/execution-choice.ts";
import { resolveNodeSettings } from "../../plugin/internal/node/node-settings.ts";
import { validateNodeUserConfig } from "../../plugin/internal/config/node-config.ts";

describe("parallel-node: pool or sequential, from measured costs", () => {
  it("runs sequentially until the sequential cost is known, and with one worker", () => {
    expect(new ExecutionChoice(2).choose(1000)).to.equal("sequential");
    const one = new ExecutionChoice(1);
    one.sequentialRun(100, 30);
    expect(one.choose(1000)).to.equal("sequential");
  });

  it("fits the pool's fixed and per-result costs and decides by them (values computed by hand)", () => {
    const choice = new ExecutionChoice(2);
    choice.sequentialRun(100, 30); // 0.3 ms a transaction
    // Pool runs of 5 ms + n × (0.3 / 2 + 0.05) ms: 25, 45, 85 ms.
    choice.poolRun(100, 25);
    choice.poolRun(200, 45);
    choice.poolRun(400, 85);
    const model = choice.model;
    expectClose(model.setupMs, 5);
    expectClose(model.perResultMs, 0.05);
    // n = 10: pool 5 + 10 × 0.2 = 7 ms against 3 ms sequential.
    expectClose(choice.predict(10)!.poolMs, 7);
    expect(choice.choose(10)).to.equal("sequential");
    // n = 1000: 205 ms against 300 ms (0.68 < 0.9).
    expectClose(choice.predict(1000)!.poolMs, 205);
    expect(choice.choose(1000)).to.equal("pool");
    // Half of them dependent: 205 + 0.5 × 300 = 355 ms against 300 ms.
    expectClose(choice.predict(1000, 0.5)!.poolMs, 355);
    expect(choice.choose(1000, 0.5)).to.equal("sequential");
    // A tenth: 205 + 30 = 235 ms (0.78 < 0.9).
    expect(choice.choose(1000, 0.1)).to.equal("pool");
    // Break-even at 0.9: 5 + 0.2 n < 0.27 n when n > 71.4; but the smallest pool run measured is 100.
    expectClose(choice.predict(72)!.poolMs / choice.predict(72)!.sequentialMs, (5 + 0.2 * 72) / (0.3 * 72));
    expect(choice.choose(72)).to.equal("sequential");
    expect(choice.choose(99)).to.equal("sequential");
    expect(choice.choose(100)).to.equal("pool"); // 25 ms against 30 ms: 0.83 < 0.9
  });

  it("never sends a block smaller than any pool run measured to the pool", () => {
    const choice = new ExecutionChoice(2);
    choice.sequentialRun(100, 30); // 0.3 ms a transaction
    // Pool runs of n × (0.15 + 0.05) ms only: the fitted fixed cost is 0.
    for (const n of [1000, 1500, 2000]) choice.poolRun(n, n * 0.2);
    expectClose(choice.model.setupMs, 0);
    // n = 5: 1 ms on the pool against 1.5 ms sequential (0.67) by the fit, yet sequential.
    expectClose(choice.predict(5)!.poolMs, 1);
    expect(choice.choose(5)).to.equal("sequential");
    expect(choice.choose(999)).to.equal("sequential");
    expect(choice.choose(1000)).to.equal("pool");
  });

  it("pool blocks measured against their sequential runs overrule the fit, by block size", () => {
    const choice = new ExecutionChoice(2);
    choice.sequentialRun(100, 30); // 0.3 ms a transaction
    for (const n of [100, 200, 400]) choice.poolRun(n, 5 + n * 0.2); // the fit: 5 ms + 0.05 ms a result
    expect(choice.choose(1200)).to.equal("pool"); // 245 ms against 360 ms by the fit
    // Measured: 100 + 160 ms on the pool against 90 + 150 ms sequential, 1.08 ≥ 0.9.
    choice.measuredPair(1000, 100, 90);
    expect(choice.choose(1200)).to.equal("pool"); // one pair is not enough
    choice.measuredPair(1500, 160, 150);
    expect(choice.choose(1200)).to.equal("sequential");
    expect(choice.choose(750)).to.equal("sequential"); // 1,000 and 1,500 are within 375–1,500
    expect(choice.choose(400)).to.equal("pool"); // none within 200–800: the fit decides
    // Two more, favourable: (100 + 160 + 40 + 60) / (90 + 150 + 100 + 150) = 0.73 < 0.9.
    choice.measuredPair(1200, 40, 100);
    choice.measuredPair(1300, 60, 150);
    expect(choice.choose(1200)).to.equal("pool");
  });

  it("tries the pool on large blocks near break-even until 3 pool runs are known", () => {
    const choice = new ExecutionChoice(2);
    choice.sequentialRun(100, 10); // 0.1 ms: with the priors (2 ms + 0.1 ms a result) a ratio of 1.5 + 20/n
    expect(choice.choose(49)).to.equal("sequential");
    expect(choice.choose(1000)).to.equal("sequential"); // 1.52 > 1.2
    const cheap = new ExecutionChoice(4);
    cheap.sequentialRun(100, 40); // 0.4 ms: (2 + n × 0.2) / (0.4 n) = 0.5 + 5 / n
    expect(cheap.choose(50)).to.equal("pool"); // 0.6 < 1.2
    expect(cheap.choose(10)).to.equal("sequential"); // under 50 transactions
  });

  it("samples the sequential baseline: the first 5 pool blocks, then within 10% of the mining time", () => {
    const sample = new BaselineSample();
    for (let i = 0; i < 5; i++) {
      expect(sample.wanted("sequential", 10)).to.equal(true);
      sample.ran("sequential", 10);
      sample.mined(100);
    }
    // 50 ms of baselines in 500 ms of mining: another 10 ms would make 60 > 50.
    expect(sample.wanted("sequential", 10)).to.equal(false);
    // The first 5 pool blocks are measured whatever they cost.
    for (let i = 0; i < 5; i++) {
      expect(sample.wanted("pool", 1000)).to.equal(true);
      sample.ran("pool", 0);
    }
    expect(sample.wanted("pool", 10)).to.equal(false);
    sample.mined(100);
    expect(sample.wanted("pool", 10)).to.equal(true); // 60 <= 60
  });
});

describe("parallel-node: settings and parallel.node", () => {
  const args = { port: -1, blockTime: -1, blockSize: 0, workers: 0 };

  it("command line over parallel.node over the defaults", () => {
    expect(resolveNodeSettings(args, {}, 3)).to.deep.equal({
      hostname: "127.0.0.1",
      port: 8545,
      blockTime: 1000,
      blockSize: 500,
      order: "priority",
      workers: 3,
      out: undefined,
      dashboard: false,
      dashboardPort: 8546,
      maxBatch: 1000,
    });
    const config = { port: 9000, blockTime: 0, blockSize: 20, order: "fifo", workers: 2, out: "n.json" } as const;
    expect(resolveNodeSettings(args, config)).to.include({ port: 9000, blockTime: 0, blockSize: 20, order: "fifo" });
    expect(resolveNodeSettings(args, { maxBatch: 5 }).maxBatch).to.equal(5);
    expect(validateNodeUserConfig({ maxBatch: 0 })).to.deep.equal([
      { path: ["parallel", "node", "maxBatch"], message: "Expected an integer from 1 up" },
    ]);
    expect(resolveNodeSettings({ ...args, port: 0, blockSize: 7, order: "priority" }, config)).to.include({
      port: 0,
      blockSize: 7,
      order: "priority",
    });
  });

  it("validates parallel.node in the config, each problem with its path", () => {
    expect(validateParallelUserConfig({ node: { port: 8545, order: "fifo" } })).to.deep.equal([]);
    const errors = validateParallelUserConfig({ node: { port: 70000, blockSize: 0, order: "lifo", colour: 1 } });
    expect(errors.map((error) => error.path.join("."))).to.have.members([
      "parallel.node.colour",
      "parallel.node.port",
      "parallel.node.blockSize",
      "parallel.node.order",
    ]);
    expect(validateParallelUserConfig({ node: [] })).to.deep.equal([
      { path: ["parallel", "node"], message: "Expected an object" },
    ]);
  });
});
