/**
 * BatchLimit (plugin/internal/node/batch-limit.ts): requests started in one synchronous loop, as
 * Hardhat's server starts a batch's elements, are one burst; requests from later tasks of the event
 * loop are not; the plugin's own requests are never counted. The node test (node-cli.test.ts) sends
 * real batches to a running parallel-node.
 */
import { expect } from "chai";

import { BatchLimit } from "../../plugin/internal/node/batch-limit.ts";

describe("parallel-node: the batch size limit", () => {
  /** Starts `count` requests in one loop, each through `hops` awaits first (other hooks before ours). */
  const burst = (limit: BatchLimit, count: number, hops = 0, params = () => [] as unknown[]) =>
    Promise.all(
      Array.from({ length: count }, async () => {
        for (let i = 0; i < hops; i++) await null;
        return limit.oversized(params());
      }),
    );

  it("every element of a burst over the limit learns the burst's size; at the limit, none", async () => {
    const limit = new BatchLimit(10);
    expect(await burst(limit, 11)).to.deep.equal(Array(11).fill(11));
    expect(await burst(limit, 10)).to.deep.equal(Array(10).fill(undefined));
    expect(await burst(limit, 11, 3)).to.deep.equal(Array(11).fill(11));
    expect(await limit.oversized([])).to.equal(undefined);
  });

  it("bursts from separate tasks of the event loop are counted apart", async () => {
    const limit = new BatchLimit(10);
    const later = () => new Promise<(number | undefined)[]>((resolve) => setImmediate(() => resolve(burst(limit, 6))));
    const answers = await Promise.all([burst(limit, 6), later(), later()]);
    expect(answers.flat()).to.deep.equal(Array(18).fill(undefined));
  });

  it("the plugin's own requests are not counted, and reach the provider with their params", async () => {
    const limit = new BatchLimit(10);
    const seen: unknown[][] = [];
    const provider = limit.ownProvider({
      request: async ({ params }) => {
        seen.push(params ?? []);
        return limit.oversized(params);
      },
    });
    const own = await Promise.all(
      Array.from({ length: 50 }, (_, i) => provider.request({ method: "eth_getBalance", params: [i] })),
    );
    expect(own).to.deep.equal(Array(50).fill(undefined));
    expect(seen.map(([i]) => i)).to.deep.equal([...Array(50).keys()]);
    expect(await provider.request({ method: "eth_blockNumber" })).to.equal(undefined);
    expect(await burst(limit, 11)).to.deep.equal(Array(11).fill(11));
  });
});
