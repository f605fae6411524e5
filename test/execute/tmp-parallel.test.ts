import { expect } from "chai";
import { network } from "hardhat";

import { captureBlocks } from "../../plugin/internal/capture/capture-blocks.ts";
import { blockJobFromCapture } from "../../plugin/internal/execute/block-job.ts";
import { checkAgainstCapture, compareExecutions } from "../../plugin/internal/execute/capture-check.ts";
import { expectedPostState, prestateFromCapture } from "../../plugin/internal/execute/capture-prestate.ts";
import { ParallelExecutor } from "../../plugin/internal/execute/parallel-executor.ts";
import { SequentialExecutor } from "../../plugin/internal/execute/sequential-executor.ts";
import { deployFuzzWorld } from "./support/fuzz-world.ts";
import { Random } from "./support/random.ts";
import { mineRandomBlock } from "./support/random-block.ts";

describe("parallel executor vs sequential vs EDR (tmp)", function () {
  this.timeout(600_000);

  it("reproduces random blocks exactly", async function () {
    const { provider } = await network.create();
    const world = await deployFuzzWorld(provider);
    const random = new Random(Number(process.env.SEED ?? 1));
    const chain = { chainId: 31337, hardfork: "osaka" };
    const parallel = new ParallelExecutor(Number(process.env.WORKERS ?? 2), chain);
    let sequential: SequentialExecutor | undefined;
    const all = [];
    let reexec = 0, txs = 0;
    try {
      for (let i = 0; i < Number(process.env.BLOCKS ?? 30); i++) {
        const { number } = await mineRandomBlock(world, random, 5 + random.int(26));
        const [block] = await captureBlocks(provider, number, number);
        const job = await blockJobFromCapture(block, provider);
        sequential ??= await SequentialExecutor.create(chain, job);
        const seq = await sequential.execute(job);
        const par = await parallel.execute(job);
        const pre = prestateFromCapture(block);
        const mismatches = [
          ...checkAgainstCapture(block, par, pre, expectedPostState(block, pre), job.codes, "parallel vs capture"),
          ...compareExecutions(block.number, seq, par, "parallel vs sequential"),
        ];
        reexec += par.reexecutions.length; txs += block.transactions.length;
        for (const m of mismatches.slice(0, 4)) console.log(JSON.stringify(m).slice(0, 400));
        all.push(...mismatches);
      }
    } finally {
      await parallel.terminate();
    }
    console.log({ txs, reexec });
    expect(all).to.deep.equal([]);
  });
});
