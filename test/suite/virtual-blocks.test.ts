import { expect } from "chai";

import { virtualBlocks } from "../../plugin/internal/suite/virtual-blocks.ts";
import { ALICE, BOB, OWNER, callOf } from "./call-record-builder.ts";
import { expectClose } from "../helpers/expect-close.ts";

const counter = { contract: "Hot", variable: "count" };
const perUser = (user: string) => ({ contract: "Sharded", variable: "counts", index: user });
const tokenBalance = (user: string) => ({ contract: "Token", variable: "balances", index: user });

describe("suite: virtual-block figures", () => {
  it("a global counter chains every call, same-sender pairs included (the key is shared): score 0", () => {
    // a, a, b, b, each 100 gas, each writing `count`: edges 0→1 (one sender, but a shared unindexed key),
    // 1→2, 2→3. Critical path 400 of 400.
    const senders = [ALICE, ALICE, BOB, BOB];
    const records = senders.map((sender, i) =>
      callOf(i, sender, ["Hot.deposit()"], { writes: [[counter, BigInt(i), BigInt(i + 1)]] }),
    );
    const { contracts, dependenciesByVariable } = virtualBlocks(records);
    expect(contracts).to.have.length(1);
    expect(contracts[0]).to.include({ name: "Hot", calls: 4, senders: 2 });
    expect(contracts[0].figures).to.include({
      transactions: 4,
      dependencies: 3,
      dependentTransactions: 3,
      conflictRate: 0.75,
      totalGas: 400,
      criticalPathGas: 400,
      score: 0,
    });
    expect(dependenciesByVariable.get("Hot.count")).to.equal(3);
  });

  it("per-user counters: same-sender pairs are not contention, score 1 − largest call / total", () => {
    const senders = [ALICE, ALICE, BOB, BOB];
    const records = senders.map((sender, i) =>
      callOf(i, sender, ["Sharded.deposit()"], { writes: [[perUser(sender), BigInt(i % 2), BigInt((i % 2) + 1)]] }),
    );
    const [sharded] = virtualBlocks(records).contracts;
    expect(sharded.figures).to.include({ dependencies: 0, conflictRate: 0, criticalPathGas: 100, score: 0.75 });
  });

  it("a set-up write by another sender is a dependency; the user's own later calls are not", () => {
    // mint(owner → alice) 50 gas; alice transfers to bob twice (100 gas each). balances[alice] is written
    // by two senders but indexed by alice, so alice's second transfer does not depend on her first;
    // balances[bob] is written by alice only. One edge: mint → first transfer. Critical path 150 of 250.
    const records = [
      callOf(0, OWNER, ["Token.mint(address,uint256)"], { gas: 50, writes: [[tokenBalance(ALICE), 0n, 100n]] }),
      callOf(1, ALICE, ["Token.transfer(address,uint256)"], {
        writes: [
          [tokenBalance(ALICE), 100n, 90n],
          [tokenBalance(BOB), 0n, 10n],
        ],
      }),
      callOf(2, ALICE, ["Token.transfer(address,uint256)"], {
        writes: [
          [tokenBalance(ALICE), 90n, 80n],
          [tokenBalance(BOB), 10n, 20n],
        ],
      }),
    ];
    const [token] = virtualBlocks(records).contracts;
    expect(token.figures).to.include({
      dependencies: 1,
      dependentTransactions: 1,
      totalGas: 250,
      criticalPathGas: 150,
    });
    expectClose(token.figures!.score, 0.4, 1e-12);
    expectClose(token.figures!.conflictRate, 1 / 3, 1e-12);
  });

  it("a contract only one sender called is not measured", () => {
    const records = [0, 1].map((i) =>
      callOf(i, ALICE, ["Hot.deposit()"], { writes: [[counter, BigInt(i), BigInt(i + 1)]] }),
    );
    expect(virtualBlocks(records).contracts[0]).to.include({ senders: 1, figures: null });
  });
});
