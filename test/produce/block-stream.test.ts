import type { MempoolOrder } from "../../plugin/internal/produce/index.ts";
import type { Eip1193Provider } from "../../plugin/internal/rpc/index.ts";

import { Mainnet, createCustomCommon } from "@ethereumjs/common";
import { createLegacyTx } from "@ethereumjs/tx";
import { bytesToHex, createAddressFromPrivateKey, randomBytes } from "@ethereumjs/util";
import { expect } from "chai";
import { network } from "hardhat";

import { BlockProduction, SentRaw } from "../../plugin/internal/produce/index.ts";
import { chainOf } from "../helpers/edr-chain.ts";

const GWEI = 10n ** 9n;
const hex = (n: bigint | number) => "0x" + n.toString(16);
/** Init code of a contract whose code stores TIMESTAMP in slot 0 (42 60 00 55 00). */
const STORES_TIMESTAMP = "0x6442600055006000526005601bf3";

const chainId = async (provider: Eip1193Provider) => Number(await provider.request({ method: "eth_chainId" }));

/**
 * The next block, run on the engine while its transactions arrive (produce/block-stream.ts),
 * against real EDR: what the stream ran is kept exactly as far as the mempool pick agrees.
 */
async function streamedNetwork(order: MempoolOrder) {
  const connection = await network.create({ override: { mining: { auto: false, interval: 0, mempool: { order } } } });
  const provider = connection.provider as Eip1193Provider;
  const chain = await chainOf(connection);
  const lines: string[] = [];
  const production = new BlockProduction(provider, chain, {
    mode: "engine",
    verify: false,
    sent: new SentRaw(),
    mempoolOrder: order,
    stream: true,
    onFallback: (line) => lines.push(line),
  });
  const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  const send = async (from: string, fields: Record<string, string> = {}) => {
    const hash = (await provider.request({
      method: "eth_sendTransaction",
      params: [{ from, to: accounts[9], value: "0x1", gas: hex(100_000), maxFeePerGas: hex(100n * GWEI), ...fields }],
    })) as string;
    production.noteSent(hash);
    return hash;
  };
  /** Mines a block: its transactions, and how many of them the stream had run. */
  const mine = async () => {
    const before = production.streamedTxs;
    await production.mine();
    const [block] = production.take();
    expect(block?.capturedBy, block?.fallbackReason).to.equal("engine");
    const mined = (await provider.request({
      method: "eth_getBlockByNumber",
      params: [hex(block.number), false],
    })) as { transactions: string[]; timestamp: string };
    expect(block.transactions.map((tx) => tx.hash)).to.deep.equal(mined.transactions);
    return { hashes: mined.transactions, kept: production.streamedTxs - before, timestamp: Number(mined.timestamp) };
  };
  return { connection, provider, production, accounts, send, mine, lines };
}

describe("a block run while its transactions arrive (stream)", function () {
  this.timeout(60_000);

  it("keeps every transaction the stream ran when the pick agrees (fifo, nonce gaps filled late)", async () => {
    const { connection, provider, production, accounts, send, mine, lines } = await streamedNetwork("fifo");
    try {
      // b is sent signed (a legacy transaction): the stream decodes it and recovers its sender.
      const key = randomBytes(32);
      const signer = createAddressFromPrivateKey(key).toString();
      await provider.request({ method: "hardhat_setBalance", params: [signer, hex(10n ** 18n)] });
      await production.mine(); // the first block comes from EDR's pending block: no stream yet
      const a = await send(accounts[0]);
      const gapped = await send(accounts[1], { nonce: "0x1" }); // waits for accounts[1]'s nonce 0
      const common = createCustomCommon({ chainId: await chainId(provider) }, Mainnet);
      const fields = {
        nonce: 0n,
        gasLimit: 21_000n,
        gasPrice: 100n * GWEI,
        to: accounts[9] as `0x${string}`,
        value: 1n,
      };
      const raw = bytesToHex(createLegacyTx(fields, { common }).sign(key).serialize());
      const b = (await provider.request({ method: "eth_sendRawTransaction", params: [raw] })) as string;
      production.noteSent(b, raw);
      const filler = await send(accounts[1], { nonce: "0x0" });
      expect(await production.streamed()).to.equal(4);
      const block = await mine();
      // fifo by each sender's next transaction: a, b, then accounts[1]'s nonce 0 and, right after, its nonce 1.
      expect(block.hashes).to.deep.equal([a, b, filler, gapped]);
      expect(block.kept).to.equal(4);
      expect(lines).to.deep.equal([]);
    } finally {
      await connection.close();
    }
  });

  it("stops at a later transaction that pays more (priority), and the pick runs the block", async () => {
    const { connection, production, accounts, send, mine, lines } = await streamedNetwork("priority");
    try {
      await production.mine();
      const a = await send(accounts[0], { maxPriorityFeePerGas: hex(GWEI) });
      const b = await send(accounts[1], { maxPriorityFeePerGas: hex(GWEI) });
      const rich = await send(accounts[2], { maxPriorityFeePerGas: hex(3n * GWEI) });
      expect(await production.streamed()).to.equal(2);
      const block = await mine();
      expect(block.hashes).to.deep.equal([rich, a, b]);
      expect(block.kept).to.equal(0);
      // Equal fees after it: the next block's stream runs them all.
      const c = await send(accounts[0], { maxPriorityFeePerGas: hex(GWEI) });
      const d = await send(accounts[3], { maxPriorityFeePerGas: hex(GWEI) });
      expect(await production.streamed()).to.equal(2);
      expect((await mine()).hashes).to.deep.equal([c, d]);
      expect(lines).to.deep.equal([]);
    } finally {
      await connection.close();
    }
  });

  it("keeps the transactions before the first TIMESTAMP read when the block's second moved on", async () => {
    const { connection, provider, production, accounts, send, mine, lines } = await streamedNetwork("fifo");
    try {
      await production.mine();
      const deploy = await send(accounts[0], {
        to: undefined as unknown as string,
        value: "0x0",
        data: STORES_TIMESTAMP,
      });
      await mine();
      const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [deploy] })) as {
        contractAddress: string;
      };
      const first = await send(accounts[1]);
      const reads = await send(accounts[2], { to: receipt.contractAddress, value: "0x0" });
      const last = await send(accounts[3]);
      expect(await production.streamed()).to.equal(3);
      // The stream took the timestamp of the moment it began; the block is mined two seconds later.
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const block = await mine();
      expect(block.hashes).to.deep.equal([first, reads, last]);
      expect(block.kept).to.equal(1);
      const stored = await provider.request({ method: "eth_getStorageAt", params: [receipt.contractAddress, "0x0"] });
      expect(Number(stored)).to.equal(block.timestamp);
      expect(lines).to.deep.equal([]);
    } finally {
      await connection.close();
    }
  });

  it("is dropped when the state changes by other means", async () => {
    const { connection, provider, production, accounts, send, mine, lines } = await streamedNetwork("fifo");
    try {
      await production.mine();
      const a = await send(accounts[0], { value: hex(10n ** 18n) });
      expect(await production.streamed()).to.equal(1);
      await provider.request({ method: "hardhat_setBalance", params: [accounts[9], hex(5n)] });
      production.invalidate();
      const block = await mine();
      expect(block.hashes).to.deep.equal([a]);
      expect(block.kept).to.equal(0);
      const balance = await provider.request({ method: "eth_getBalance", params: [accounts[9], "latest"] });
      expect(BigInt(balance as string)).to.equal(10n ** 18n + 5n);
      expect(lines).to.deep.equal([]);
    } finally {
      await connection.close();
    }
  });
});
