import { expect } from "chai";

import { analyzeSuite } from "../../plugin/internal/suite/analyze-suite.ts";
import { ADVICE } from "../../plugin/internal/suite/suggestions.ts";
import { ALICE, BOB, CAROL, addressOf, callOf } from "./call-record-builder.ts";

const counts = { mined: 0, untraced: 0 };
const SENDERS = [ALICE, BOB, CAROL];

describe("suite: pattern suggestions", () => {
  it("a shared key incremented by a constant that is not the call's amount: a global counter", () => {
    const count = { contract: "Box", variable: "depositCount", line: 21 };
    const records = SENDERS.map((s, i) =>
      callOf(i, s, ["Box.deposit()"], { writes: [[count, BigInt(i), BigInt(i + 1)]] }),
    );
    const { suggestions, hotspots } = analyzeSuite(records, counts);
    expect(hotspots[0].pattern).to.equal("counter");
    expect(suggestions).to.deep.equal([
      {
        pattern: "counter",
        contract: "Box",
        variables: [{ contract: "Box", variable: "depositCount", sourceName: "contracts/Box.sol", line: 21 }],
        functions: ["Box.deposit()"],
        evidence: "`depositCount` changes by +1 in each of 3 calls of Box.deposit() from 3 senders",
        advice: ADVICE.counter,
      },
    ]);
  });

  it("a shared key changed by the call's own amount: a global total (even when the amounts are equal)", () => {
    const total = { contract: "Vault", variable: "totalDeposits" };
    const amounts = [5n, 5n, 7n];
    let sum = 0n;
    const records = SENDERS.map((s, i) => {
      const before = sum;
      sum += amounts[i];
      return callOf(i, s, ["Vault.deposit(uint256)"], { words: [amounts[i]], writes: [[total, before, sum]] });
    });
    expect(analyzeSuite(records, counts).suggestions.map((s) => [s.pattern, s.variables[0].variable])).to.deep.equal([
      ["total", "totalDeposits"],
    ]);
    const equal = SENDERS.map((s, i) =>
      callOf(i, s, ["Vault.deposit(uint256)"], { words: [5n], writes: [[total, 5n * BigInt(i), 5n * BigInt(i + 1)]] }),
    );
    expect(analyzeSuite(equal, counts).suggestions[0].pattern).to.equal("total");
  });

  it("a shared value copied into the caller's checkpoint: an accumulator", () => {
    const index = { contract: "Staking", variable: "rewardPerTokenStored" };
    const records = SENDERS.map((s, i) =>
      callOf(i, s, ["Staking.stake(uint256)"], {
        writes: [
          [index, BigInt(10 * i), BigInt(10 * i + 13)],
          [{ contract: "Staking", variable: "userRewardPerTokenPaid", index: s }, 0n, BigInt(10 * i + 13)],
        ],
      }),
    );
    const { suggestions } = analyzeSuite(records, counts);
    expect(suggestions.map((s) => [s.pattern, s.variables.map((v) => v.variable)])).to.deep.equal([
      ["accumulator", ["rewardPerTokenStored"]],
    ]);
    expect(suggestions[0].evidence).to.include("copied into the caller's checkpoint `userRewardPerTokenPaid[");
  });

  it("a shared key written with the block timestamp: an accumulator's last-update time", () => {
    const last = { contract: "Pool", variable: "lastAccrual" };
    // One block a second, as automine gives: the time also grows by a constant, yet it is a time.
    const total = { contract: "Pool", variable: "totalDeposits" };
    const records = SENDERS.map((s, i) =>
      callOf(i, s, ["Pool.deposit(uint256)"], {
        timestamp: 2000 + i,
        words: [10n],
        writes: [
          [last, BigInt(1999 + i), BigInt(2000 + i)],
          [total, BigInt(100 * i), BigInt(100 * i + 11 + i)],
        ],
      }),
    );
    // totalDeposits grows by the interest too (11, 12, 13: not the amount 10): updated with the accrual.
    expect(
      analyzeSuite(records, counts).suggestions.map((s) => [s.pattern, s.variables.map((v) => v.variable)]),
    ).to.deep.equal([["accumulator", ["lastAccrual", "totalDeposits"]]]);
  });

  it("a packed reserves slot written by swaps that move the pool's balances in two tokens: AMM reserves", () => {
    const pool = addressOf("Pair");
    const reserves = { contract: "Pair", variable: "reserve0+reserve1+blockTimestampLast", line: 33 };
    const records = SENDERS.map((s, i) =>
      callOf(
        i,
        s,
        [
          "Pair.swap(uint256,address,uint256,address)",
          "TokenA.transferFrom(address,address,uint256)",
          "TokenB.transfer(address,uint256)",
        ],
        {
          writes: [
            [reserves, BigInt(1000 + i), BigInt(1001 + i)],
            [
              { contract: "TokenA", variable: "balances", index: pool, chosenByCaller: true },
              BigInt(500 + i),
              BigInt(501 + i),
            ],
            // The pool calls TokenB.transfer: msg.sender (the pool) picks the key.
            [
              { contract: "TokenB", variable: "balances", index: pool, chosenByCaller: true },
              BigInt(700 - i),
              BigInt(699 - i),
            ],
            [{ contract: "TokenA", variable: "balances", index: s }, 100n, 99n],
            [{ contract: "TokenB", variable: "balances", index: s, chosenByCaller: true }, 0n, 1n],
          ],
        },
      ),
    );
    const { suggestions, hotspots } = analyzeSuite(records, counts);
    expect(suggestions.map((s) => [s.contract, s.pattern, s.variables.map((v) => v.variable)])).to.deep.equal([
      ["Pair", "reserves", ["reserve0+reserve1+blockTimestampLast"]],
    ]);
    expect(suggestions[0].evidence).to.include("moving the contract's own balances in TokenA and TokenB");
    expect(hotspots.map((h) => [h.contract, h.variable, h.pattern])).to.deep.equal([
      ["Pair", "reserve0+reserve1+blockTimestampLast", "reserves"],
    ]);
  });

  it("no pattern, no suggestion", () => {
    const state = { contract: "Game", variable: "seed" };
    const values = [0n, 17n, 3n, 99n];
    const records = SENDERS.map((s, i) =>
      callOf(i, s, ["Game.play()"], { writes: [[state, values[i], values[i + 1]]] }),
    );
    const analysis = analyzeSuite(records, counts);
    expect(analysis.hotspots.map((h) => [h.variable, h.pattern])).to.deep.equal([["seed", null]]);
    expect(analysis.suggestions).to.deep.equal([]);
  });
});
