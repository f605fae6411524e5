/** parallel-node's own JSON-RPC methods (node/methods/) against Hardhat's in-process EDR network. */
import type { Forward, TxpoolContent } from "../../plugin/internal/node/methods/index.ts";

import assert from "node:assert/strict";
import { Wallet, getCreateAddress } from "ethers";
import { network } from "hardhat";

import {
  RpcMethodError,
  createAccessList,
  txpoolContent,
  txpoolInspect,
  txpoolStatus,
} from "../../plugin/internal/node/methods/index.ts";
import { mappingSlot } from "../analyze/capture-builder.ts";

/** Token's storage: name 0, symbol 1, totalSupply 2, balances 3, allowances 4, owner 5. */
const BALANCES_SLOT = 3n;
const ZERO = "0x" + "0".repeat(40);
const word = (n: bigint): string => "0x" + n.toString(16).padStart(64, "0");
const balanceKey = (holder: string): string => word(mappingSlot(holder.toLowerCase(), BALANCES_SLOT));
const q = (n: bigint | number): string => "0x" + BigInt(n).toString(16);
const GWEI = 1_000_000_000n;

/** The call must be refused as invalid params (-32602). */
async function refused(call: Promise<unknown>, message?: RegExp): Promise<void> {
  await assert.rejects(call, (e: unknown) => {
    assert.ok(e instanceof RpcMethodError, `not an RpcMethodError: ${String(e)}`);
    assert.equal(e.code, -32602);
    if (message !== undefined) assert.match(e.message, message);
    return true;
  });
}

describe("parallel-node methods: eth_createAccessList", function () {
  this.timeout(120_000);
  let forward: Forward;
  let token: string;
  let alice: string;
  let bob: string;
  let transfer: (to: string, amount: bigint) => string;

  before(async () => {
    const { provider, ethers } = await network.create();
    forward = (method, params) => provider.request({ method, params });
    const [, a, b] = await ethers.getSigners();
    const contract = await ethers.deployContract("Token", ["Token", "TKN"]);
    await (await contract.getFunction("mint")(a.address, 1000n)).wait();
    [token, alice, bob] = [(await contract.getAddress()).toLowerCase(), a.address, b.address];
    transfer = (to, amount) => contract.interface.encodeFunctionData("transfer", [to, amount]);
  });

  it("an ERC20 transfer: the token with the two balance slots; not sender, recipient or beneficiary", async () => {
    const tx = { from: alice, to: token, data: transfer(bob, 250n) };
    const result = await createAccessList([tx], forward);
    const storageKeys = [balanceKey(alice), balanceKey(bob)].sort();
    assert.deepEqual(result.accessList, [{ address: token, storageKeys }]);
    assert.equal(result.error, undefined);
    // EDR's prestateTracer names the sender and the beneficiary too: both were left out.
    const prestate = (await forward("debug_traceCall", [tx, "latest", { tracer: "prestateTracer" }])) as object;
    const { miner } = (await forward("eth_getBlockByNumber", ["latest", false])) as { miner: string };
    assert.deepEqual(Object.keys(prestate).sort(), [alice.toLowerCase(), miner.toLowerCase(), token].sort());
  });

  it("gasUsed is the receipt's gas of the same transaction sent with that list (and a refund)", async () => {
    const { provider, ethers } = await network.create();
    const send: Forward = (method, params) => provider.request({ method, params });
    const [, sender, receiver] = await ethers.getSigners();
    const contract = await ethers.deployContract("Token", ["Token", "TKN"]);
    await (await contract.getFunction("mint")(sender.address, 1000n)).wait();
    // 250 of 1000, then the remaining 750 (balances[sender] goes to 0: an SSTORE refund).
    for (const amount of [250n, 750n]) {
      const tx = { from: sender.address, to: await contract.getAddress(), data: transfer(receiver.address, amount) };
      const { accessList, gasUsed } = await createAccessList([tx], send);
      const plain = (await send("debug_traceCall", [tx, "latest", { tracer: "callTracer" }])) as { gasUsed: string };
      assert.notEqual(gasUsed, plain.gasUsed, "the list changes the gas: it was traced with it");
      const sent = await sender.sendTransaction({ to: tx.to, data: tx.data, accessList });
      const receipt = (await send("eth_getTransactionReceipt", [sent.hash])) as { gasUsed: string; status: string };
      assert.equal(receipt.status, "0x1");
      assert.equal(gasUsed, receipt.gasUsed);
    }
  });

  it("a reverting call: error 'execution reverted' alongside what it read", async () => {
    const result = await createAccessList([{ from: alice, to: token, data: transfer(bob, 10n ** 9n) }], forward);
    assert.equal(result.error, "execution reverted");
    // _transfer reverts after reading balances[from]; balances[to] is never reached.
    assert.deepEqual(result.accessList, [{ address: token, storageKeys: [balanceKey(alice)] }]);
    assert.ok(BigInt(result.gasUsed) > 21_000n);
  });

  it("no `from`: geth's zero-address sender (not EDR's first account)", async () => {
    const result = await createAccessList([{ to: token, data: transfer(bob, 0n) }], forward);
    const storageKeys = [balanceKey(ZERO), balanceKey(bob)].sort();
    assert.deepEqual(result.accessList, [{ address: token, storageKeys }]);
    assert.equal(result.error, undefined);
  });

  it("a creation: the new contract's address with the slots its constructor wrote", async () => {
    const { provider, ethers } = await network.create();
    const send: Forward = (method, params) => provider.request({ method, params });
    const [deployer] = await ethers.getSigners();
    const { data } = await (await ethers.getContractFactory("Token")).getDeployTransaction("A", "B");
    const nonce = await ethers.provider.getTransactionCount(deployer.address, "latest");
    const created = getCreateAddress({ from: deployer.address, nonce }).toLowerCase();
    const { accessList, error } = await createAccessList([{ from: deployer.address, data }], send);
    assert.equal(error, undefined);
    assert.deepEqual(accessList, [{ address: created, storageKeys: [word(0n), word(1n), word(5n)] }]);
    // A `nonce` in the call does not move it: EDR (like geth's EVM) creates at the state's nonce.
    const later = await createAccessList([{ from: deployer.address, data, nonce: q(nonce + 3) }], send);
    assert.deepEqual(later.accessList, accessList);
  });

  it("block tags: number, hash, EIP-1898 objects and 'earliest' reach EDR", async () => {
    const tx = { from: alice, to: token, data: transfer(bob, 1n) };
    const latest = await createAccessList([tx, "latest"], forward);
    const head = (await forward("eth_getBlockByNumber", ["latest", false])) as { hash: string; number: string };
    for (const tag of [head.number, head.hash, { blockHash: head.hash }, { blockNumber: head.number }, "pending"]) {
      assert.deepEqual(await createAccessList([tx, tag], forward), latest, JSON.stringify(tag));
    }
    // At genesis the token has no code: a plain call to an empty account, nothing to list.
    const genesis = await createAccessList([tx, "earliest"], forward);
    assert.deepEqual(genesis.accessList, []);
    assert.ok(BigInt(genesis.gasUsed) < BigInt(latest.gasUsed));
  });

  it("the caller's own access list is kept, less its warm-anyway addresses without keys", async () => {
    const extra = "0x" + "ab".repeat(20);
    const key = word(7n);
    const given = [
      { address: extra, storageKeys: [key] },
      { address: bob, storageKeys: [] },
      { address: alice, storageKeys: [] },
      { address: "0x0000000000000000000000000000000000000001", storageKeys: [] },
    ];
    const tx = { from: alice, to: token, data: transfer(bob, 1n), accessList: given };
    const { accessList } = await createAccessList([tx], forward);
    const tokenKeys = [balanceKey(alice), balanceKey(bob)].sort();
    const expected = [
      { address: bob.toLowerCase(), storageKeys: [] },
      { address: extra, storageKeys: [key] },
      { address: token, storageKeys: tokenKeys },
    ].sort((x, y) => (x.address < y.address ? -1 : 1));
    assert.deepEqual(accessList, expected);
  });

  it("bad params: -32602 with a clear message", async () => {
    const tx = { from: alice, to: token, data: transfer(bob, 1n) };
    await refused(createAccessList([], forward), /missing transaction/);
    await refused(createAccessList([null], forward), /missing transaction/);
    await refused(createAccessList(["0x12"], forward), /transaction object/);
    await refused(createAccessList([[tx]], forward), /transaction object/);
    await refused(createAccessList([{ ...tx, from: "0x1234" }], forward), /"from" address/);
    await refused(createAccessList([{ ...tx, to: "0x" + "zz".repeat(20) }], forward), /"to" address/);
    await refused(createAccessList([{ ...tx, to: 5 }], forward), /"to" address/);
    await refused(createAccessList([{ ...tx, nonce: 3 }], forward), /"nonce"/);
    await refused(createAccessList([{ ...tx, accessList: {} }], forward), /accessList/);
    await refused(createAccessList([{ ...tx, accessList: [{ address: "0x1" }] }], forward), /access list address/);
    const badKeys = [{ address: bob, storageKeys: ["0x01"] }];
    await refused(createAccessList([{ ...tx, accessList: badKeys }], forward), /storage keys/);
    for (const tag of ["foo", "0x", "0xzz", 12, { blockHash: "0x12" }, { blockNumber: 1 }, ["latest"]]) {
      await refused(createAccessList([tx, tag], forward), /invalid block/);
    }
    await refused(createAccessList([tx, "latest", { [bob]: { balance: "0x1" } }], forward), /state overrides/);
  });
});

describe("parallel-node methods: txpool_status, txpool_content, txpool_inspect", function () {
  this.timeout(120_000);

  it("pending and queued transactions with automine off, then empty once mined", async () => {
    const { provider, ethers } = await network.create();
    const forward: Forward = (method, params) => provider.request({ method, params });
    const [funder, bob, carol] = await ethers.getSigners();
    const { chainId } = await ethers.provider.getNetwork();
    const wallet = Wallet.createRandom();
    await (await funder.sendTransaction({ to: wallet.address, value: 10n ** 18n })).wait();
    const fees = { maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: GWEI };
    const raw = (nonce: number) =>
      wallet.signTransaction({ to: carol.address, value: 5n, gasLimit: 21_000, nonce, chainId, type: 2, ...fees });
    const [bobNonce, carolNonce] = [await bob.getNonce(), await carol.getNonce()];

    await provider.request({ method: "evm_setAutomine", params: [false] });
    const c1 = await carol.sendTransaction({ to: bob.address, value: 1n, gasLimit: 21_000, ...fees });
    const c2 = await carol.sendTransaction({ to: bob.address, value: 2n, gasLimit: 21_000, ...fees });
    const { data } = await (await ethers.getContractFactory("Token")).getDeployTransaction("A", "B");
    const deploy = { data, gasLimit: 3_000_000, type: 0, gasPrice: 3n * GWEI };
    const created = await bob.sendTransaction(deploy);
    // The wallet's nonce 1 without its nonce 0: queued.
    const gap = await forward("eth_sendRawTransaction", [await raw(1)]);

    assert.deepEqual(await txpoolStatus([], forward), { pending: "0x3", queued: "0x1" });
    const content = await txpoolContent([], forward);
    const hashes = (part: TxpoolContent["pending"]) =>
      Object.fromEntries(Object.entries(part).map(([a, txs]) => [a, Object.keys(txs).map((n) => [n, txs[n].hash])]));
    assert.deepEqual(hashes(content.pending), {
      [carol.address]: [
        [String(carolNonce), c1.hash],
        [String(carolNonce + 1), c2.hash],
      ],
      [bob.address]: [[String(bobNonce), created.hash]],
    });
    assert.deepEqual(hashes(content.queued), { [wallet.address]: [["1", gap]] });
    assert.equal(content.pending[bob.address][String(bobNonce)].blockHash, null);

    const transfer = (value: bigint) => `${bob.address}: ${value} wei + 21000 gas × 10000000000 wei`;
    assert.deepEqual(await txpoolInspect([], forward), {
      pending: {
        [carol.address]: { [carolNonce]: transfer(1n), [carolNonce + 1]: transfer(2n) },
        [bob.address]: { [bobNonce]: "contract creation: 0 wei + 3000000 gas × 3000000000 wei" },
      },
      queued: { [wallet.address]: { 1: `${carol.address}: 5 wei + 21000 gas × 10000000000 wei` } },
    });

    // Mined: the queued one stays queued until its nonce 0 arrives, then both are pending.
    await provider.request({ method: "evm_mine", params: [] });
    assert.deepEqual(await txpoolStatus([], forward), { pending: "0x0", queued: "0x1" });
    await forward("eth_sendRawTransaction", [await raw(0)]);
    assert.deepEqual(await txpoolStatus([], forward), { pending: "0x2", queued: "0x0" });
    assert.deepEqual(Object.keys((await txpoolContent([], forward)).pending[wallet.address]), ["0", "1"]);

    await provider.request({ method: "evm_mine", params: [] });
    await provider.request({ method: "evm_setAutomine", params: [true] });
    assert.equal(await ethers.provider.getTransactionCount(wallet.address, "latest"), 2);
    assert.deepEqual(await txpoolStatus([], forward), { pending: "0x0", queued: "0x0" });
    assert.deepEqual(await txpoolContent([], forward), { pending: {}, queued: {} });
    assert.deepEqual(await txpoolInspect([], forward), { pending: {}, queued: {} });
  });

  it("parameters are refused with -32602", async () => {
    const { provider } = await network.create();
    const forward: Forward = (method, params) => provider.request({ method, params });
    await refused(txpoolStatus(["latest"], forward), /txpool_status takes no parameters/);
    await refused(txpoolContent([{}], forward), /txpool_content takes no parameters/);
    await refused(txpoolInspect([null], forward), /txpool_inspect takes no parameters/);
  });
});
