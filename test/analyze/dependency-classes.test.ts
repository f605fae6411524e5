import { expect } from "chai";

import { analyzeCapture } from "../../plugin/internal/analyze/analyze-capture.ts";
import { balanceKey, nonceKey } from "../../plugin/internal/capture/state-key.ts";
import { address, block, capture, contract, rawTx, slot, tx, value } from "./capture-builder.ts";

describe("dependency classes and keys", () => {
  it("two transactions from one sender: one same-sender dependency, no contract contention", () => {
    const sender = address(1);
    const txs = [tx({ from: sender, to: address(2) }), tx({ from: sender, to: address(3) })];
    const [result] = analyzeCapture(capture([block(txs)])).blocks;
    expect(result.figures.dependencies).to.equal(1);
    expect(result.figures.dependentTransactions).to.equal(1);
    expect(result.figures.contractDependentTransactions).to.equal(0);
    expect(result.figures.contractConflictRate).to.equal(0);
    const [dependency] = result.transactions[1].dependsOn;
    expect(dependency.tx).to.equal(0);
    expect(dependency.keys.map((k) => [k.key, k.class])).to.deep.equal([
      [balanceKey(sender), "same-sender"],
      [nonceKey(sender), "same-sender"],
    ]);
    expect(dependency.keys.map((k) => k.name)).to.deep.equal([`${sender}.balance`, `${sender}.nonce`]);
  });

  it("two payments to one EOA that sends neither: class balance", () => {
    const payee = address(9);
    const pay = (i: number) =>
      tx({
        from: address(i),
        to: payee,
        reads: { [balanceKey(payee)]: value(i) },
        writes: { [balanceKey(payee)]: value(i + 1) },
      });
    const [result] = analyzeCapture(capture([block([pay(1), pay(2)])])).blocks;
    expect(result.transactions[1].dependsOn[0].keys).to.deep.equal([
      { key: balanceKey(payee), name: `${payee}.balance`, class: "balance" },
    ]);
    expect(result.figures.contractDependentTransactions).to.equal(0);
  });

  it("a contract's balance is contract contention", () => {
    const vault = address(50);
    const deposit = (i: number) =>
      tx({
        from: address(i),
        to: vault,
        reads: { [balanceKey(vault)]: value(i) },
        writes: { [balanceKey(vault)]: value(i + 1) },
      });
    const analysis = analyzeCapture(capture([block([deposit(1), deposit(2)])], [contract(vault, "Vault")]));
    expect(analysis.blocks[0].transactions[1].dependsOn[0].keys[0]).to.deep.include({
      name: "Vault.balance",
      class: "contract",
    });
    expect(analysis.hotspots[0]).to.deep.include({ name: "Vault.balance", variable: "balance", dependencies: 1 });
  });

  it("relies only on writes: an unchanged value (absent from writes) makes no dependency", () => {
    const c = address(50);
    const k = slot(c, 3);
    // t0 stored the same value again: the capture leaves it out of `writes`, it stays a read.
    const unchanged = [
      rawTx({ from: address(1), to: c, reads: { [k]: "0x5" }, writes: {} }),
      rawTx({ from: address(2), to: c, reads: { [k]: "0x5" } }),
    ];
    expect(analyzeCapture(capture([block(unchanged)], [contract(c, "C")])).blocks[0].figures.dependencies).to.equal(0);
    const changed = [
      rawTx({ from: address(1), to: c, reads: { [k]: "0x5" }, writes: { [k]: "0x6" } }),
      rawTx({ from: address(2), to: c, reads: { [k]: "0x6" } }),
    ];
    expect(analyzeCapture(capture([block(changed)], [contract(c, "C")])).blocks[0].figures.dependencies).to.equal(1);
  });

  it("fee credits (written, never read) make no dependency unless a later transaction reads the balance", () => {
    const beneficiary = "0x" + "c".repeat(40);
    const fee = (i: number) => ({ [balanceKey(beneficiary)]: value(i) });
    const credits = [0, 1, 2].map((i) => rawTx({ from: address(i), to: address(20 + i), writes: fee(i) }));
    expect(analyzeCapture(capture([block(credits)])).blocks[0].figures.dependencies).to.equal(0);
    // A reader of the beneficiary's balance observes every credit before it.
    const reader = rawTx({ from: address(7), to: address(8), reads: { [balanceKey(beneficiary)]: value(2) } });
    const [result] = analyzeCapture(capture([block([...credits, reader])])).blocks;
    expect(result.transactions[3].dependsOn.map((d) => d.tx)).to.deep.equal([0, 1, 2]);
    expect(result.figures.criticalPathGas).to.equal(2 * 21000);
  });
});
