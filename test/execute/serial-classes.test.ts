import { Mainnet, createCustomCommon } from "@ethereumjs/common";
import { createAccessList2930Tx, createFeeMarket1559Tx, createLegacyTx } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { expect } from "chai";

import { SerialClasses, callClass } from "../../plugin/internal/execute/stm/serial-classes.ts";

const common = createCustomCommon({ chainId: 31337 }, Mainnet, { hardfork: "prague" });
const key = hexToBytes(`0x${"11".repeat(32)}`);
const lender: `0x${string}` = `0x${"ab".repeat(20)}`;
const token: `0x${string}` = `0x${"cd".repeat(20)}`;
const deposit = "0xb6b55f25" + "00".repeat(32); // deposit(uint256)
const transfer = "0xa9059cbb" + "00".repeat(64); // transfer(address,uint256)

function raw(type: 0 | 1 | 2, to: `0x${string}` | undefined, data: string, nonce = 0): string {
  const fields = { nonce: BigInt(nonce), gasLimit: 100_000n, to, data: hexToBytes(data as `0x${string}`) };
  const tx =
    type === 0
      ? createLegacyTx({ ...fields, gasPrice: 1n }, { common })
      : type === 1
        ? createAccessList2930Tx(
            { ...fields, gasPrice: 1n, accessList: [{ address: token, storageKeys: [] }] },
            { common },
          )
        : createFeeMarket1559Tx({ ...fields, maxFeePerGas: 2n, maxPriorityFeePerGas: 1n }, { common });
  return bytesToHex(tx.sign(key).serialize());
}

describe("serial call classes", function () {
  it("name a transaction by target and selector, in every transaction type", function () {
    for (const type of [0, 1, 2] as const) {
      expect(callClass(raw(type, lender, deposit)), `type ${type}`).to.equal(`${"ab".repeat(20)}:b6b55f25`);
      expect(callClass(raw(type, token, "0x")), `type ${type}, no data`).to.equal(`${"cd".repeat(20)}:`);
      expect(callClass(raw(type, undefined, "0x6000")), `type ${type}, deployment`).to.equal("create");
    }
    expect(callClass("0x02c0")).to.equal(undefined);
  });

  it("become serial at 4 conflicts and 20% of the class's executions, counting both sides", function () {
    // Transactions 0–9 deposit, 10–39 transfer; each executed once so far.
    const txs = [
      ...Array.from({ length: 10 }, (_, i) => raw(2, lender, deposit, i)),
      ...Array.from({ length: 30 }, (_, i) => raw(2, token, transfer, i)),
    ];
    const classes = new SerialClasses(txs, 2);
    const executions = new Array(txs.length).fill(1);
    classes.conflict(1, 0, executions);
    classes.conflict(2, 1, executions);
    classes.conflict(3, 2, executions);
    expect(classes.isSerial(4), "3 conflicts").to.equal(false);
    classes.conflict(4, 3, executions); // 4 conflicts ≥ 20% of 10 executions
    expect(classes.isSerial(0)).to.equal(true);
    expect(classes.isSerial(10)).to.equal(false);
    expect(classes.serialTxCount()).to.equal(10);
    // Transfers: 30 executions, so 4 conflicts (13%) are not enough; 6 (20%) are. A deposit
    // invalidated by a transfer counts for both classes.
    for (let i = 0; i < 4; i++) classes.conflict(11 + i, 10 + i, executions);
    expect(classes.isSerial(10), "4 of 30").to.equal(false);
    classes.conflict(5, 20, executions);
    expect(classes.isSerial(10), "5 of 30").to.equal(false);
    classes.executed(21); // 31 executions: 6 conflicts needed (≥ 6.2 is not reached by 6)
    classes.conflict(21, 20, executions);
    expect(classes.isSerial(10), "6 of 31").to.equal(false);
    classes.conflict(22, 21, executions);
    expect(classes.isSerial(10), "7 of 31").to.equal(true);
    expect(classes.serialTxCount()).to.equal(40);
  });
});

describe("serial call classes across blocks", function () {
  const deposits = Array.from({ length: 4 }, (_, i) => raw(2, lender, deposit, i));
  const transfers = Array.from({ length: 4 }, (_, i) => raw(2, token, transfer, i));
  const depositClass = `${"ab".repeat(20)}:b6b55f25`;

  it("start serial when an earlier block left the class known, and stay known while chained", function () {
    const known = new Map([[depositClass, depositClass]]);
    const classes = new SerialClasses([...deposits, ...transfers], 2, known);
    expect([0, 1, 2, 3].map((tx) => classes.isSerial(tx))).to.deep.equal([true, true, true, true]);
    expect(classes.isSerial(4)).to.equal(false);
    // Deposit 2 read what deposit 1 wrote: still a chain.
    classes.remember(known, (tx) => (tx === 2 ? [1] : [-1]));
    expect([...known]).to.deep.equal([[depositClass, depositClass]]);
  });

  it("forget a class none of whose transactions read another's writes", function () {
    const known = new Map([[depositClass, depositClass]]);
    const classes = new SerialClasses([...deposits, ...transfers], 2, known);
    // Deposit 2 read a transfer's write only: that is no chain of deposits.
    classes.remember(known, (tx) => (tx === 2 ? [5] : [-1]));
    expect([...known]).to.deep.equal([]);
  });

  it("learn a class that became serial in this block", function () {
    const known = new Map<string, string>();
    const classes = new SerialClasses([...deposits, ...transfers], 2, known);
    const executions = new Array(8).fill(1);
    for (let tx = 1; tx < 4; tx++) classes.conflict(tx, tx - 1, executions);
    classes.conflict(3, 2, executions);
    expect(classes.isSerial(0)).to.equal(true);
    classes.remember(known, (tx) => (tx > 0 && tx < 4 ? [tx - 1] : []));
    expect([...known]).to.deep.equal([[depositClass, depositClass]]);
  });
});

describe("serial call classes: which worker runs each chain", function () {
  // Three contracts, each called 4 times with one selector: classes A (0–3), B (4–7), C (8–11).
  const targets: Array<`0x${string}`> = [lender, token, `0x${"ef".repeat(20)}`];
  const txs = targets.flatMap((to) => Array.from({ length: 4 }, (_, i) => raw(2, to, deposit, i)));
  const names = targets.map((to) => `${to.slice(2)}:b6b55f25`);
  const executions = new Array(txs.length).fill(1);
  /** Four conflicts inside the class starting at `first`: it becomes serial. */
  const chain = (classes: SerialClasses, first: number) => {
    for (let tx = first + 1; tx < first + 4; tx++) classes.conflict(tx, tx - 1, executions);
    classes.conflict(first + 3, first + 2, executions);
  };

  it("independent chains go to the least loaded workers; other transactions to any worker", function () {
    const classes = new SerialClasses(txs, 2);
    expect(classes.ownerOf(0)).to.equal(-1);
    expect(classes.largestChainShare()).to.equal(0);
    chain(classes, 0);
    chain(classes, 4);
    expect([0, 3, 4, 7, 8].map((tx) => classes.ownerOf(tx))).to.deep.equal([0, 0, 1, 1, -1]);
    chain(classes, 8); // loads 4 and 4: the first worker
    expect(classes.ownerOf(8)).to.equal(0);
    expect(classes.largestChainShare()).to.equal(4 / 12);
  });

  it("say when a conflict makes a class serial, and which transactions share a chain", function () {
    const classes = new SerialClasses(txs, 2);
    expect(classes.sameChain(0, 1), "nothing serial yet").to.equal(false);
    expect([1, 2, 3].map((tx) => classes.conflict(tx, tx - 1, executions))).to.deep.equal([false, false, false]);
    expect(classes.conflict(3, 2, executions), "the fourth").to.equal(true);
    expect(classes.conflict(2, 1, executions), "already serial").to.equal(false);
    expect([classes.sameChain(0, 3), classes.sameChain(0, 4), classes.sameChain(4, 5)]).to.deep.equal([
      true,
      false,
      false,
    ]);
    chain(classes, 4); // B serial too, its own chain
    expect([classes.sameChain(4, 7), classes.sameChain(0, 4)]).to.deep.equal([true, false]);
    classes.conflict(4, 3, executions); // B read A's write: one chain
    expect(classes.sameChain(0, 4)).to.equal(true);
  });

  it("classes that invalidated each other are one chain, on one worker", function () {
    const classes = new SerialClasses(txs, 2);
    chain(classes, 0);
    classes.conflict(4, 3, executions); // B read A's write: B joins A's chain
    chain(classes, 4);
    expect([0, 4].map((tx) => classes.ownerOf(tx))).to.deep.equal([0, 0]);
    expect(classes.largestChainShare()).to.equal(8 / 12);
    // Remembered as one chain, named after its first class: the next block puts it on one worker.
    const known = new Map<string, string>();
    classes.remember(known, (tx) => (tx % 4 === 0 ? [] : [tx - 1]));
    expect([...known]).to.deep.equal([
      [names[0], names[0]],
      [names[1], names[0]],
    ]);
    const next = new SerialClasses(txs, 2, new Map([...known, [names[2], names[2]]]));
    expect([0, 4, 8].map((tx) => next.ownerOf(tx))).to.deep.equal([0, 0, 1]);
  });
});
