import { expect } from "chai";

import { analyzeSuite } from "../../plugin/internal/suite/analyze-suite.ts";
import { ALICE, BOB, CAROL, OWNER, callOf } from "./call-record-builder.ts";

const counter = { contract: "Box", variable: "count", line: 5 };
const balance = (owner: string) => ({ contract: "Box", variable: "balances", index: owner, line: 7 });
const tokenBalance = (owner: string, chosenByCaller = false) => ({
  contract: "Token",
  variable: "balances",
  index: owner,
  chosenByCaller,
});
const counts = { mined: 0, untraced: 0 };

describe("suite: shared vs per-caller keys", () => {
  it("a key written by calls of one function from two senders is shared; sender-keyed entries are per caller", () => {
    const analysis = analyzeSuite(
      [
        callOf(0, ALICE, ["Box.deposit()"], {
          writes: [
            [counter, 0n, 1n],
            [balance(ALICE), 0n, 5n],
          ],
        }),
        callOf(1, BOB, ["Box.deposit()"], {
          writes: [
            [counter, 1n, 2n],
            [balance(BOB), 0n, 5n],
          ],
        }),
        callOf(2, ALICE, ["Box.deposit()"], {
          writes: [
            [counter, 2n, 3n],
            [balance(ALICE), 5n, 10n],
          ],
        }),
      ],
      counts,
    );
    const [deposit] = analysis.functions;
    expect(deposit).to.include({ function: "Box.deposit()", contract: "Box", calls: 3, senders: 2 });
    const byVariable = Object.fromEntries(deposit.writes.map((w) => [w.variable, w]));
    expect(byVariable.count.sharedKeys).to.equal(1);
    expect(byVariable.count.keys).to.deep.equal([
      { name: "Box.count", senders: 2, calls: 3, sharing: "shared", chosenByCaller: false, keyedBySender: false },
    ]);
    expect(byVariable.balances.sharedKeys).to.equal(0);
    expect(byVariable.balances.keys.map((k) => [k.name, k.sharing, k.senders, k.calls, k.keyedBySender])).to.deep.equal(
      [
        // Equal sender counts: by name (BOB's address sorts first).
        [`Box.balances[${BOB}]`, "per-caller", 1, 1, true],
        [`Box.balances[${ALICE}]`, "per-caller", 1, 2, true],
      ],
    );
    expect(analysis.hotspots.map((h) => [h.contract, h.variable, h.line, h.keys])).to.deep.equal([
      ["Box", "count", 5, ["Box.count"]],
    ]);
  });

  it("sharing is per function: an owner's set-up write does not make a user's entry shared", () => {
    const analysis = analyzeSuite(
      [
        callOf(0, OWNER, ["Token.mint(address,uint256)"], { writes: [[tokenBalance(ALICE), 0n, 100n]] }),
        callOf(1, ALICE, ["Token.transfer(address,uint256)"], {
          writes: [
            [tokenBalance(ALICE), 100n, 90n],
            [tokenBalance(BOB, true), 0n, 10n],
          ],
        }),
      ],
      counts,
    );
    for (const fn of analysis.functions)
      for (const variable of fn.writes) expect(variable.sharedKeys, fn.function).to.equal(0);
    expect(analysis.hotspots).to.deep.equal([]);
  });

  it("a common recipient chosen by the callers is shared but not a hotspot", () => {
    const analysis = analyzeSuite(
      [
        callOf(0, ALICE, ["Token.transfer(address,uint256)"], {
          writes: [
            [tokenBalance(ALICE), 100n, 90n],
            [tokenBalance(CAROL, true), 0n, 10n],
          ],
        }),
        callOf(1, BOB, ["Token.transfer(address,uint256)"], {
          writes: [
            [tokenBalance(BOB), 100n, 90n],
            [tokenBalance(CAROL, true), 10n, 20n],
          ],
        }),
      ],
      counts,
    );
    const [transfer] = analysis.functions;
    expect(transfer.writes[0].sharedKeys).to.equal(1);
    expect(transfer.writes[0].keys[0]).to.include({
      name: `Token.balances[${CAROL}]`,
      sharing: "shared",
      chosenByCaller: true,
      senders: 2,
    });
    expect(analysis.hotspots).to.deep.equal([]);
    expect(analysis.sharedByChoice).to.deep.equal([
      {
        contract: "Token",
        variable: "balances",
        sourceName: "contracts/Token.sol",
        line: null,
        keys: [`Token.balances[${CAROL}]`],
        functions: ["Token.transfer(address,uint256)"],
      },
    ]);
  });
});
