import type { MempoolOrder } from "../../plugin/internal/produce/index.ts";

import { expect } from "chai";
import { network } from "hardhat";

import { BlockProduction, SentRaw } from "../../plugin/internal/produce/index.ts";
import { chainOf } from "../helpers/edr-chain.ts";
import { notingSends } from "../execute/support/differential.ts";

const GWEI = 10n ** 9n;
const hex = (n: bigint | number) => "0x" + n.toString(16);

/**
 * The engine takes a block from EDR's mempool as EDR's miner does (produce/pending-selection.ts),
 * and EDR then mines exactly that block. A block gas limit of 150,000 makes the gas rule bite: a
 * transaction whose gas limit exceeds the gas left drops its sender from the block.
 * Sent, in this order: a0 three transfers (tip 1 gwei, gas limit 21,000), a1 two (tip 1 gwei, gas
 * limit 60,000), a2 one with a nonce gap (queued: never minable here), a3 three (tip 2 gwei).
 */
const EXPECTED: Record<MempoolOrder, { first: string[]; second: string[] }> = {
  // a3 pays most; then a0 before a1 (same tip, a0 came first); a1's 60,000 then exceed the 24,000 left.
  priority: { first: ["a3:0", "a3:1", "a3:2", "a0:0", "a0:1", "a0:2"], second: ["a1:0", "a1:1"] },
  // Arrival order: a0, a1 (gas left 87,000 then 66,000), a3 twice; a3's third finds 3,000 left.
  fifo: { first: ["a0:0", "a0:1", "a0:2", "a1:0", "a1:1", "a3:0", "a3:1"], second: ["a3:2"] },
};

for (const order of ["priority", "fifo"] as const) {
  describe(`the next block taken from EDR's mempool (${order} order)`, function () {
    this.timeout(60_000);

    it("holds what EDR's miner puts in it, in its order; EDR mines it as the engine ran it", async () => {
      const connection = await network.create({
        override: { blockGasLimit: 150_000n, mining: { auto: false, interval: 0, mempool: { order } } },
      });
      try {
        const sent = new SentRaw();
        const provider = notingSends(connection.provider, sent);
        const chain = await chainOf(connection);
        const lines: string[] = [];
        const production = new BlockProduction(provider, chain, {
          mode: "engine",
          verify: false,
          sent,
          mempoolOrder: order,
          onFallback: (line) => lines.push(line),
        });
        // The first block comes from EDR's pending block: it gives the parent of the next.
        await production.mine();
        expect(production.mempoolPicks).to.equal(0);

        const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
        const names = new Map(accounts.slice(0, 4).map((a, i) => [a.toLowerCase(), `a${i}`]));
        const send = (from: string, tip: bigint, gas: number, nonce?: number) =>
          provider.request({
            method: "eth_sendTransaction",
            params: [
              {
                from,
                to: "0x" + "42".repeat(20),
                value: "0x1",
                gas: hex(gas),
                maxFeePerGas: hex(100n * GWEI),
                maxPriorityFeePerGas: hex(tip * GWEI),
                ...(nonce === undefined ? {} : { nonce: hex(nonce) }),
              },
            ],
          });
        for (let i = 0; i < 3; i++) await send(accounts[0], 1n, 21_000);
        for (let i = 0; i < 2; i++) await send(accounts[1], 1n, 60_000);
        await send(accounts[2], 5n, 21_000, 1);
        for (let i = 0; i < 3; i++) await send(accounts[3], 2n, 21_000);

        const picked = async () => {
          await production.mine();
          const [block] = production.take();
          expect(block.capturedBy, block.fallbackReason).to.equal("engine");
          const txs = (await provider.request({
            method: "eth_getBlockByNumber",
            params: [hex(block.number), true],
          })) as { transactions: Array<{ from: string; nonce: string; hash: string }> };
          expect(block.transactions.map((tx) => tx.hash)).to.deep.equal(txs.transactions.map((tx) => tx.hash));
          return txs.transactions.map((tx) => `${names.get(tx.from.toLowerCase())}:${Number(tx.nonce)}`);
        };
        expect(await picked()).to.deep.equal(EXPECTED[order].first);
        expect(await picked()).to.deep.equal(EXPECTED[order].second);
        expect(production.mempoolPicks).to.equal(2);
        expect(lines).to.deep.equal([]);
        // The clock moved (a user's evm_increaseTime): EDR's pending block gives the next block's timestamp.
        const latest = async () =>
          (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
            timestamp: string;
          };
        const before = Number((await latest()).timestamp);
        await provider.request({ method: "evm_increaseTime", params: [3600] });
        production.timeChanged();
        await send(accounts[0], 1n, 21_000);
        expect(await picked()).to.deep.equal(["a0:3"]);
        expect(production.mempoolPicks).to.equal(2);
        expect(Number((await latest()).timestamp)).to.be.at.least(before + 3600);
        await send(accounts[0], 1n, 21_000);
        expect(await picked()).to.deep.equal(["a0:4"]);
        expect(production.mempoolPicks).to.equal(3);
        // a2's transaction waits for its missing nonce: still in the mempool, in no block.
        const pool = (await provider.request({ method: "eth_pendingTransactions" })) as Array<{ from: string }>;
        expect(pool.map((tx) => names.get(tx.from.toLowerCase()))).to.deep.equal(["a2"]);
      } finally {
        await connection.close();
      }
    });
  });
}

describe("a block EDR mined otherwise than the engine picked it", function () {
  this.timeout(60_000);

  it("is run again by the engine as EDR mined it (one line), not traced", async () => {
    const connection = await network.create({ override: { mining: { auto: false, interval: 0 } } });
    try {
      const provider = connection.provider;
      const chain = await chainOf(connection);
      const sent = new SentRaw();
      const lines: string[] = [];
      const reruns: string[][] = [];
      const production = new BlockProduction(provider, chain, {
        mode: "engine",
        verify: false,
        sent,
        mempoolOrder: "priority",
        onFallback: (line) => lines.push(line),
        onRerun: (pending) => reruns.push(pending.txs.map((tx) => tx.hash)),
      });
      await production.mine();
      const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
      const send = (from: string) =>
        provider.request({
          method: "eth_sendTransaction",
          params: [{ from, to: accounts[9], value: "0x1", gas: hex(21_000), maxPriorityFeePerGas: hex(GWEI) }],
        }) as Promise<string>;
      const first = await send(accounts[0]);
      const second = await send(accounts[1]);
      // Noted the other way round: the engine picks `second` first, EDR mines `first` first.
      sent.note(second);
      sent.note(first);
      await production.mine();
      const [block] = production.take();
      expect(production.mempoolPicks).to.equal(1);
      expect(block.capturedBy, block.fallbackReason).to.equal("engine");
      expect(block.transactions.map((tx) => tx.hash)).to.deep.equal([first, second]);
      expect(reruns).to.deep.equal([[first, second]]);
      expect(lines).to.deep.equal([
        `block ${block.number}: EDR mined other transactions than the engine ran: 2 mined, 2 run (or another order): ` +
          "the engine ran EDR's block instead",
      ]);
      // The block counts as run: the next one is taken from the mempool again.
      sent.note(await send(accounts[2]));
      await production.mine();
      expect(production.take()[0].capturedBy).to.equal("engine");
      expect(production.mempoolPicks).to.equal(2);
      expect(lines).to.have.length(1);
    } finally {
      await connection.close();
    }
  });
});
