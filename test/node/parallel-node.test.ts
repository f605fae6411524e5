import type { NetworkConnection } from "hardhat/types/network";
import type { ParallelNode as Node } from "../../plugin/internal/node/index.ts";

import { expect } from "chai";
import { network } from "hardhat";

import { HUNG_WORKER_MS, ParallelNode, resolveNodeSettings } from "../../plugin/internal/node/index.ts";
import { DEFAULT_MAX_LOST_BATCHES } from "../../plugin/internal/execute/index.ts";

const GAS = 120_000n;

/**
 * parallel-node's mining, in process: ParallelNode attached to an EDR connection of this project
 * (the server in front of it is Hardhat's own, tested in node-cli.test.ts). Real EDR, real solc,
 * real worker threads.
 */
describe("parallel-node: blocks executed before EDR mines them", function () {
  this.timeout(300_000);
  let connection: NetworkConnection;
  let node: Node;
  const lines: string[] = [];
  let token: any;
  let signers: any[];

  const request = (method: string, params: unknown[] = []) => connection.provider.request({ method, params });
  /** Sends `count` token transfers, signer i % 10 to a receiver of its own, then mines them. */
  async function transfers(count: number, receiverOffset: number): Promise<string[]> {
    const hashes: string[] = [];
    for (let i = 0; i < count; i++) {
      const from = signers[i % 10];
      const to = signers[10 + ((i + receiverOffset) % 10)].address;
      const tx = await token.connect(from).transfer(to, 1n + BigInt(i), { gasLimit: GAS });
      hashes.push(tx.hash);
    }
    return hashes;
  }

  before(async function () {
    connection = await network.create();
    const settings = resolveNodeSettings({ port: -1, blockTime: 0, blockSize: 10_000, workers: 2 }, {});
    node = await ParallelNode.attach(connection, settings, [], { print: (line) => lines.push(line), color: false });
    const { ethers } = connection as any;
    signers = await ethers.getSigners();
    token = await ethers.deployContract("Token", ["T", "T"], { gasLimit: 3_000_000n });
    await request("evm_mine");
    await token.waitForDeployment();
    for (let i = 0; i < 10; i++) await token.mint(signers[i].address, 10n ** 24n, { gasLimit: GAS });
    await request("evm_mine");
  });

  after(async function () {
    await node?.stop();
    await connection?.close();
  });

  it("runs a block on the pool, checks it against EDR's receipts and the capture, and prints its line", async () => {
    await node.miner.control({ fixed: "pool" });
    const hashes = await transfers(40, 0);
    await request("evm_mine");
    const last = (await node.miner.blocks()).at(-1)!;
    expect(last.transactions).to.equal(40);
    expect(last.ranOn).to.equal("pool");
    expect(last.verified).to.equal(true);
    expect(last.mismatches).to.deep.equal([]);
    for (const hash of hashes) {
      const receipt = (await request("eth_getTransactionReceipt", [hash])) as { status: string; blockNumber: string };
      expect(Number(receipt.blockNumber)).to.equal(last.number);
      expect(receipt.status).to.equal("0x1");
    }
    const line = lines.find((l) => l.startsWith(`block ${last.number}:`));
    expect(line).to.match(/40 tx, [\d.]+ Mgas, conflicts [\d.]+%, score [\d.]+, \d+ re-executions?, hottest /);
    expect(line).to.match(/pool\(2\) [\d.]+ ms/);
    // Each of the 10 senders sent 4 transfers: the nonce chains make 3 of each 4 dependent.
    expect((await node.miner.blockReport(last.number))!.figures.dependentTransactions).to.equal(30);
  });

  it("a worker that exits mid-block is replaced; the block is still exact and verified", async () => {
    await node.miner.control({ fixed: "pool" });
    await node.miner.control({ faults: { exitOnTx: 20 } });
    const hashes = await transfers(60, 3);
    await request("evm_mine");
    const last = (await node.miner.blocks()).at(-1)!;
    expect(last.transactions).to.equal(60);
    expect(last.workersLost, "the fault did not fire").to.be.greaterThan(0);
    expect(last.verified).to.equal(true);
    expect(last.mismatches).to.deep.equal([]);
    expect(lines.some((l) => l.startsWith(`block ${last.number}:`) && l.includes("lost with a worker"))).to.equal(true);
    const statuses = await Promise.all(hashes.map((hash) => request("eth_getTransactionReceipt", [hash])));
    expect(statuses.map((r: any) => r.status)).to.deep.equal(hashes.map(() => "0x1"));
  });

  it("a worker that hangs mid-block is replaced after 10 s; the block is still exact and verified", async () => {
    await node.miner.control({ fixed: "pool" });
    await node.miner.control({ faults: { hangOnTx: 10 } });
    const hashes = await transfers(30, 4);
    const started = performance.now();
    await request("evm_mine");
    const last = (await node.miner.blocks()).at(-1)!;
    expect(performance.now() - started).to.be.at.least(HUNG_WORKER_MS);
    expect(last.workersLost, "the fault did not fire").to.be.greaterThan(0);
    expect(last.verified).to.equal(true);
    expect(last.mismatches).to.deep.equal([]);
    expect(lines.some((l) => l.startsWith(`block ${last.number}:`) && /timed out/i.test(l))).to.equal(true);
    const receipts = await Promise.all(hashes.map((hash) => request("eth_getTransactionReceipt", [hash])));
    expect(receipts.every((r: any) => r?.status === "0x1")).to.equal(true);
  });

  it("when the executor fails on a block, the block is mined plainly and one line says so", async () => {
    await node.miner.control({ fixed: "pool" });
    await node.miner.control({ maxLostBatches: 0 });
    await node.miner.control({ faults: { throwOnTx: 5 } });
    try {
      const hashes = await transfers(20, 5);
      await request("evm_mine");
      const last = (await node.miner.blocks()).at(-1)!;
      expect(last.ranOn).to.equal("none");
      expect(last.verified).to.equal(false);
      expect(last.note).to.match(/^executor failed: /);
      expect(lines.some((l) => l.startsWith(`block ${last.number}: the executor failed, mined plainly`))).to.equal(
        true,
      );
      const receipts = await Promise.all(hashes.map((hash) => request("eth_getTransactionReceipt", [hash])));
      expect(receipts.every((r: any) => r?.status === "0x1")).to.equal(true);
    } finally {
      await node.miner.control({ maxLostBatches: DEFAULT_MAX_LOST_BATCHES, faults: {} });
    }
  });

  it("a small block runs sequentially when the measured costs say the pool would not pay off", async () => {
    await node.miner.control({ fixed: null });
    await transfers(3, 0);
    await request("evm_mine");
    expect((await node.miner.blocks()).at(-1)!.ranOn).to.equal("sequential");
  });

  it("evm_setAutomine(true) mines each transaction through the plugin as it arrives; false turns it back", async () => {
    const mined = (await node.miner.blocks()).length;
    expect(await request("evm_setAutomine", [true])).to.equal(true);
    const [hash] = await transfers(1, 0);
    const receipt = (await request("eth_getTransactionReceipt", [hash])) as { status: string } | null;
    expect(receipt?.status).to.equal("0x1");
    expect((await node.miner.blocks()).length).to.equal(mined + 1);
    await request("evm_setAutomine", [false]);
    const [later] = await transfers(1, 0);
    expect(await request("eth_getTransactionReceipt", [later])).to.equal(null);
    await request("hardhat_mine", ["0x2"]);
    expect(
      (await node.miner.blocks()).length,
      "hardhat_mine mines the pending transaction through the plugin first",
    ).to.equal(mined + 2);
    expect(((await request("eth_getTransactionReceipt", [later])) as { status: string }).status).to.equal("0x1");
  });

  it("parallel_getPendingAccessLists predicts the pending transactions' lists and their conflicts", async () => {
    const [a, b] = signers;
    const x = signers[15].address;
    const sent = [
      await token.connect(a).transfer(x, 1n, { gasLimit: GAS }),
      await token.connect(a).transfer(x, 2n, { gasLimit: GAS }),
      await token.connect(b).transfer(signers[16].address, 3n, { gasLimit: GAS }),
    ].map((tx) => tx.hash);
    const predicted = (await request("parallel_getPendingAccessLists")) as any;
    const index = (hash: string) => predicted.transactions.findIndex((tx: any) => tx.hash === hash);
    expect(predicted.transactions).to.have.length(3);
    const [a0, a1, b0] = sent.map(index);
    const tokenAddress = (await token.getAddress()).toLowerCase();
    // a's second transfer reads a's nonce, ETH balance and token balance and x's token balance, all
    // written by its first; b's transfer touches none of them.
    const conflicts = predicted.conflicts.map((c: any) => [c.tx, c.dependsOn]);
    expect(conflicts).to.deep.equal([[a1, a0]]);
    const keys: string[] = predicted.conflicts[0].keys;
    expect(keys).to.include(`${a.address.toLowerCase()}:nonce`);
    expect(keys.filter((key) => key.startsWith(`${tokenAddress}:slot:`))).to.have.length(2);
    const list = predicted.transactions[b0].accessList;
    expect(list.find((entry: any) => entry.address === tokenAddress).storageKeys).to.have.length(2);
    await request("evm_mine");
  });

  it("eth_getBlockAccessList and parallel_getBlockReport answer for the blocks it mined", async () => {
    const last = (await node.miner.blocks()).at(-1)!;
    const bal = (await request("eth_getBlockAccessList", ["latest"])) as any[];
    expect(bal).to.deep.equal(await node.miner.blockAccessList(last.number));
    expect(bal.length).to.be.greaterThan(3);
    const report = (await request("parallel_getBlockReport", [`0x${last.number.toString(16)}`])) as any;
    expect(report.number).to.equal(last.number);
    expect(report.transactions).to.have.length(3);
    expect(report.mining.verified).to.equal(true);
    expect(await request("parallel_getBlockReport", ["0x" + "ab".repeat(32)])).to.equal(null);
    const summary = (await request("parallel_getSummary")) as any;
    expect(summary.blocks).to.equal((await node.miner.blocks()).length);
    expect(summary.mismatches).to.equal(0);
  });

  it("bad parameters get JSON-RPC errors (-32602) and the node keeps serving", async () => {
    for (const [method, params] of [
      ["parallel_getBlockReport", ["zz"]],
      ["parallel_getSummary", [1]],
      ["evm_setIntervalMining", ["soon"]],
      ["evm_setAutomine", ["yes"]],
      ["eth_getBlockAccessList", [{}]],
    ] as const) {
      const error = await request(method, [...params]).then(
        () => undefined,
        (e: { code?: number }) => e,
      );
      expect(error?.code, method).to.equal(-32602);
    }
    expect(Number(await request("eth_blockNumber"))).to.be.greaterThan(0);
  });

  it("stop() ends mining, the miner thread and every worker thread, and hands the connection back", async () => {
    expect(await node.miner.liveWorkers()).to.equal(2);
    const blocks = (await node.miner.blocks()).length;
    expect(node.miner.running).to.equal(true);
    const { summary } = await node.stop();
    expect(summary.blocks).to.equal(blocks);
    // (The miner thread ends its pool's workers before it answers `stop`.)
    expect(node.miner.running).to.equal(false);
    const error = await node.miner.blocks().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.equal("the miner thread was stopped");
    // The connection is EDR's own again: automine is whatever the user sets, evm_mine mines plainly.
    const before = lines.length;
    const number = Number(await request("eth_blockNumber"));
    await request("evm_mine");
    expect(Number(await request("eth_blockNumber"))).to.equal(number + 1);
    expect(lines.length).to.equal(before);
  });
});

describe("parallel-node: a miner thread that fails", function () {
  this.timeout(120_000);

  it("one line says why, its reads fail with that reason, and blocks are mined plainly from then on", async () => {
    const connection = await network.create();
    const lines: string[] = [];
    const settings = resolveNodeSettings({ port: -1, blockTime: 0, blockSize: 10_000, workers: 1 }, {});
    const node = await ParallelNode.attach(connection, settings, [], {
      print: (line) => lines.push(line),
      color: false,
    });
    const request = (method: string, params: unknown[] = []) => connection.provider.request({ method, params });
    try {
      // The thread may die before its answer to this call arrives (its error comes on another channel).
      await node.miner.control({ crash: "injected" }).catch(() => {});
      while (node.miner.running) await new Promise((resolve) => setTimeout(resolve, 10));
      const error = await node.miner.blocks().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).to.equal("the miner thread failed: injected");
      const summary = await request("parallel_getSummary").then(
        () => undefined,
        (e: { message?: string }) => e,
      );
      expect(summary?.message).to.equal("the miner thread failed: injected");
      expect(lines).to.deep.equal(["the miner thread failed: injected; blocks are mined plainly from now on"]);
      const [from] = (await request("eth_accounts")) as string[];
      const hash = await request("eth_sendTransaction", [{ from, to: from, value: "0x1" }]);
      await request("evm_mine");
      expect(((await request("eth_getTransactionReceipt", [hash])) as { status: string }).status).to.equal("0x1");
      expect(lines).to.have.length(1);
    } finally {
      await node.stop().catch(() => {});
      await connection.close();
    }
  });
});
