import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
import type { BlockMaker } from "../../plugin/internal/workload/block-producer.ts";

import { expect } from "chai";

import { BatchLimit } from "../../plugin/internal/node/batch-limit.ts";
import { NodeRouter } from "../../plugin/internal/node/node-router.ts";
import { BlockProducer } from "../../plugin/internal/workload/block-producer.ts";

const BLOCK_TIME = 200;
const MINING_MS = 250;
/** Timers may fire up to a millisecond early by performance.now(). */
const EARLY_MS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A send through `handler`, answered by a network that accepts every transaction (a new hash each). */
function sender(handler: { handle: BlockProducer["handle"] }): () => Promise<JsonRpcResponse> {
  let sent = 0;
  const forward = async (request: JsonRpcRequest): Promise<JsonRpcResponse> => ({
    jsonrpc: "2.0",
    id: request.id,
    result: "0x" + (++sent).toString(16).padStart(64, "0"),
  });
  return () => handler.handle({ jsonrpc: "2.0", id: sent, method: "eth_sendRawTransaction" }, forward);
}

/**
 * parallel-node's block timer (NodeRouter over a BlockProducer), timed as EDR's interval mining:
 * the next block `--block-time` after the previous one was mined. The BlockMaker here only takes
 * time (the blocks' mining is tested on real EDR in parallel-node.test.ts): each block takes
 * longer than the block time, which a timer counted from each block's start would not wait for.
 */
describe("parallel-node: when a block is due (the block timer, the pending count)", function () {
  this.timeout(30_000);
  let router: NodeRouter | undefined;

  afterEach(async () => {
    await router?.stop();
  });

  it("starts a block --block-time after the previous one was mined, and none while nothing is pending", async () => {
    const blocks: Array<{ start: number; mined: number }> = [];
    const maker: BlockMaker = {
      async mine(opened) {
        const start = performance.now();
        await sleep(MINING_MS);
        opened();
        blocks.push({ start, mined: performance.now() });
      },
      invalidate() {},
    };
    const producer = new BlockProducer(maker, 10_000, undefined);
    const settings = { blockSize: 10_000, blockTime: BLOCK_TIME };
    router = new NodeRouter(producer, {} as never, {} as never, new BatchLimit(10), settings, (line) => {
      throw new Error(line);
    });
    const send = sender(router);
    // A send every 10 ms for 2 s: transactions are pending whenever the timer fires.
    const until = performance.now() + 2_000;
    while (performance.now() < until) {
      await send();
      await sleep(10);
    }
    for (const stop = performance.now() + 5_000; producer.pending > 0 || producer.mining;) {
      if (performance.now() > stop) throw new Error("the last transactions were never mined");
      await sleep(10);
    }
    const busy = blocks.length;
    expect(busy).to.be.within(3, 2_000 / MINING_MS);
    for (let i = 1; i < blocks.length; i++) {
      expect(blocks[i].start - blocks[i - 1].mined, `gap before block ${i}`).to.be.at.least(BLOCK_TIME - EARLY_MS);
    }
    // Nothing pending: no block.
    await sleep(3 * BLOCK_TIME);
    expect(blocks.length).to.equal(busy);
    // One send into the idle node is mined within about one block time.
    const sentAt = performance.now();
    await send();
    while (blocks.length === busy && performance.now() < sentAt + 5_000) await sleep(5);
    expect(blocks.length).to.equal(busy + 1);
    expect(blocks[busy].start - sentAt).to.be.below(BLOCK_TIME + 100);
  });

  it("a block full to its gas limit: what the mempool still holds is pending, those sent meanwhile counted once", async () => {
    const maker: BlockMaker = {
      async mine(opened) {
        opened();
        // Three sends answered after EDR mined the block; two transactions did not fit in it.
        for (let i = 0; i < 3; i++) await send();
        return 3 + 2;
      },
      invalidate() {},
    };
    const producer = new BlockProducer(maker, 10_000, undefined);
    const send = sender(producer);
    for (let i = 0; i < 10; i++) await send();
    expect(producer.pending).to.equal(10);
    await producer.mine();
    expect(producer.pending).to.equal(5);
  });
});
