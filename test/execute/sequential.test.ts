import { expect } from "chai";
import { network } from "hardhat";

import { captureBlocks } from "../../plugin/internal/capture/capture-blocks.ts";
import {
  blockJobFromCapture,
  checkAgainstCapture,
  expectedPostState,
  prestateFromCapture,
} from "../../plugin/internal/replay/index.ts";
import { SequentialExecutor } from "../../plugin/internal/execute/index.ts";
import { deployFuzzWorld } from "./support/fuzz-world.ts";
import { Random } from "./support/random.ts";
import { mineRandomBlock } from "./support/random-block.ts";

describe("sequential executor vs EDR", function () {
  this.timeout(600_000);

  it("reproduces random blocks exactly", async function () {
    const { provider } = await network.create();
    const world = await deployFuzzWorld(provider);
    const random = new Random(Number(process.env.SEED ?? 1));
    let executor: SequentialExecutor | undefined;
    const all = [];
    for (let i = 0; i < Number(process.env.BLOCKS ?? 30); i++) {
      const { number } = await mineRandomBlock(world, random, 5 + random.int(26));
      const [block] = await captureBlocks(provider, number, number);
      const job = await blockJobFromCapture(block, provider);
      executor ??= await SequentialExecutor.create({ chainId: 31337, hardfork: "osaka" }, job);
      const execution = await executor.execute(job);
      const pre = prestateFromCapture(block);
      const mismatches = checkAgainstCapture(
        block,
        execution,
        pre,
        expectedPostState(block, pre),
        job.codes,
        "sequential vs capture",
      );
      for (const m of mismatches.slice(0, 4)) console.log(JSON.stringify(m).slice(0, 400));
      all.push(...mismatches);
    }
    expect(all).to.deep.equal([]);
  });
});
