import { expect } from "chai";

import { analyzeCapture } from "../../plugin/internal/analyze/analyze-capture.ts";
import type { PredictedAccessAnalysis } from "../../plugin/internal/analyze/predicted-access-types.ts";
import { balanceKey } from "../../plugin/internal/capture/state-key.ts";
import type { CapturedTransaction } from "../../plugin/internal/capture/types.ts";
import { address, block, callInput, capture, contract, frame, slot, tx, value } from "./capture-builder.ts";
import {
  balanceOf,
  poolA,
  poolB,
  predicted,
  registryAt,
  routerCapture,
  token,
  tokenAt,
  transferCallsCapture,
  TRANSFER,
} from "./predicted-fixtures.ts";

const BENEFICIARY = "0x" + "c".repeat(40);

function analyse(txsByBlock: CapturedTransaction[][], contracts = [token]): PredictedAccessAnalysis {
  const blocks = txsByBlock.map((txs, i) => block(txs, i + 1));
  const result = analyzeCapture(capture(blocks, contracts)).predictedAccess;
  expect(result).to.not.equal(undefined);
  return result!;
}

describe("predicted access", () => {
  it("(a) transfers predicted exactly: 100% complete, nothing missed; the fee credit is not a key to predict", () => {
    const transfer = (i: number) => {
      const [from, to] = [address(i), address(100 + i)];
      const t = tx({
        from,
        to: tokenAt,
        writes: { [balanceOf(from)]: value(1), [balanceOf(to)]: value(2) },
        calls: [frame({ from, to: tokenAt, input: callInput(TRANSFER, to, 5n) })],
      });
      // The real run credits the beneficiary the fee (a write it did not read); the prediction has no such key.
      const withFee = { ...t, writes: { ...t.writes, [balanceKey(BENEFICIARY)]: value(i) } };
      return predicted(withFee, { reads: { ...t.reads }, writes: { ...t.writes } });
    };
    const eth = predicted(tx({ from: address(3), to: address(103), writes: { [balanceKey(address(103))]: "0x1" } }));
    const result = analyse([[transfer(1), transfer(2), eth]]);
    expect(result).to.deep.include({ blocks: 1, partialBlocks: 0 });
    expect(result.summary).to.deep.equal({
      transactions: 3,
      complete: 3,
      completeRate: 1,
      missedKeys: [],
      missedDependencies: 0,
      missedDependencyKeys: [],
      falseDependencies: 0,
      falseDependencyKeys: [],
    });
    expect(result.functions.map((f) => [f.name, f.figures.transactions, f.figures.complete])).to.deep.equal([
      ["Token.transfer(address,uint256)", 2, 2],
      ["(ETH transfer)", 1, 1],
    ]);
    expect(result.contracts.map((c) => [c.name, c.figures.transactions, c.figures.completeRate])).to.deep.equal([
      ["Token", 2, 1],
    ]);
  });

  it("has no section when no transaction has predicted sets, and leaves out partly predicted blocks", () => {
    const plain = tx({ from: address(1), to: address(101) });
    expect(analyzeCapture(capture([block([plain])])).predictedAccess).to.equal(undefined);
    expect(Object.keys(analyzeCapture(capture([block([plain])])))).to.not.include("predictedAccess");
    const mixed = analyse([[predicted(tx({ from: address(1), to: address(101) })), plain], [predicted(plain)]]);
    expect(mixed).to.deep.include({ blocks: 1, partialBlocks: 1 });
    expect(mixed.summary.transactions).to.equal(1);
  });

  it("(b) a router whose path depends on an earlier swap: incomplete, the pool slot missed and named", () => {
    // The block and the hand-computed edges: routerCapture's comment.
    const result = analyzeCapture(routerCapture()).predictedAccess!;

    const named = (pool: string, n: number, count: number) => ({
      key: slot(pool, n),
      name: `Pair.reserve${n}`,
      variable: `reserve${n}`,
      contract: "Pair",
      count,
    });
    expect(result.summary).to.deep.equal({
      transactions: 3,
      complete: 2,
      completeRate: 2 / 3,
      missedKeys: [named(poolA, 0, 1), named(poolA, 1, 1)],
      missedDependencies: 1,
      missedDependencyKeys: [named(poolA, 0, 1), named(poolA, 1, 1)],
      falseDependencies: 1,
      falseDependencyKeys: [named(poolB, 0, 1), named(poolB, 1, 1)],
    });
    const [routerRow, pairRow] = result.functions;
    expect(routerRow.name).to.equal("Router.swap(uint256)");
    expect(routerRow.figures).to.deep.include({
      transactions: 1,
      complete: 0,
      completeRate: 0,
      missedDependencies: 1,
    });
    expect(routerRow.figures.missedKeys.map((k) => k.name)).to.deep.equal(["Pair.reserve0", "Pair.reserve1"]);
    expect(routerRow.figures.falseDependencies).to.equal(0);
    expect(pairRow.name).to.equal("Pair.swap(uint256,uint256,address,bytes)");
    expect(pairRow.figures).to.deep.include({
      transactions: 2,
      complete: 2,
      missedDependencies: 0,
      falseDependencies: 1,
    });
    // Contracts: Pair is touched by all three (t1 through its frame on A); Router's own keys were predicted.
    expect(result.contracts.map((c) => [c.name, c.figures.transactions, c.figures.complete])).to.deep.equal([
      ["Pair", 3, 2],
      ["Router", 1, 1],
    ]);
    expect(result.contracts[0].figures).to.deep.include({ missedDependencies: 1, falseDependencies: 1 });
  });

  it("(b') a real dependency implied by a predicted chain is not missed", () => {
    // Real: t0 → t1 → t2 through slot k. Predicted t1 does not touch k: predicted edge t0 → t2 only.
    // Missed: t0 → t1 and t1 → t2 (no predicted path to t1, none from it); t0 → t2 is really implied: not false.
    const c = address(500);
    const k = slot(c, 0);
    const step = (i: number) => tx({ from: address(i), to: c, writes: { [k]: value(i) } });
    const t1 = predicted(step(1), { reads: tx({ from: address(1), to: c }).reads, writes: {} });
    const result = analyse([[predicted(step(0)), t1, predicted(step(2))]], [contract(c, "C")]);
    expect(result.summary).to.deep.include({ complete: 2, missedDependencies: 2, falseDependencies: 0 });
    expect(result.summary.missedDependencyKeys).to.deep.equal([
      { key: k, name: "C.0x" + "0".repeat(64), variable: null, contract: "C", count: 2 },
    ]);
  });

  it("(c) an EIP-2930 list over three calls: constant keys listed, caller and argument entries varying", () => {
    // The calls and the hand-derived list: transferCallsCapture's comment.
    const result = analyzeCapture(transferCallsCapture()).predictedAccess!;
    const word = (n: number) => "0x" + n.toString(16).padStart(64, "0");
    const balances = (name: string) => ({
      name,
      kind: "slot",
      contract: "Token",
      variable: "balanceOf",
      addresses: 1,
    });
    expect(result.accessLists).to.deep.equal([
      {
        function: "Token.transfer(address,uint256)",
        calls: 3,
        accessList: [
          { address: tokenAt, storageKeys: [word(1)] },
          { address: registryAt, storageKeys: [word(3)] },
        ],
        constantKeys: 2,
        varying: [
          { ...balances("Token.balanceOf[arg0]"), keys: 3, calls: 3 },
          { ...balances("Token.balanceOf[msg.sender]"), keys: 3, calls: 3 },
          { name: "Hook", kind: "account", contract: "Hook", variable: null, addresses: 1, keys: 0, calls: 1 },
        ],
      },
    ]);
  });
});
