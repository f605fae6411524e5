import { expect } from "chai";
import { network } from "hardhat";

import { captureBlocks } from "../../plugin/internal/capture/capture-blocks.ts";
import { blockJobFromCapture, compareExecutions } from "../../plugin/internal/replay/index.ts";
import { ParallelExecutor, SequentialExecutor } from "../../plugin/internal/execute/index.ts";
import { CHAIN } from "./support/differential.ts";
import { abi, deployFuzzWorld, mine } from "./support/fuzz-world.ts";
import { call } from "./support/rpc.ts";

const SWAPS = 16;

/**
 * Two pools traded on in turn, each swap from its own sender: two chains (each swap reads the
 * reserves the previous one on its pool wrote), independent of each other. A chain is found from
 * dependencies alone, before any abort; once the executor knows both, the block runs in parallel
 * (not sequentially, although every transaction depends on a recent one), each chain in order on
 * its own worker, with nothing executed twice.
 */
describe("parallel executor: independent chains on their own workers", function () {
  this.timeout(300_000);

  const title = "two pools traded on in turn: learned in one run, the next runs both chains side by side, exactly";
  it(title, async function () {
    const { provider } = await network.create();
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

    const seqJob = await blockJobFromCapture(block, provider);
    const sequential = await (await SequentialExecutor.create(CHAIN, seqJob)).execute(seqJob);
    const executor = new ParallelExecutor(2, CHAIN);
    try {
      const job = await blockJobFromCapture(block, provider);
      const first = await executor.execute(job);
      expect(compareExecutions(number, sequential, first, "first run")).to.deep.equal([]);
      expect(first.serialTxs, "both pools' swaps are chains").to.equal(SWAPS);
      const second = await executor.execute(job);
      expect(compareExecutions(number, sequential, second, "second run")).to.deep.equal([]);
      expect([second.fellBack, second.serialTxs, second.reexecutions]).to.deep.equal([false, SWAPS, []]);
    } finally {
      await executor.terminate();
    }
  });
});
