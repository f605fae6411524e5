import type { NetworkConnection } from "hardhat/types/network";

import { expect } from "chai";

import { ParallelError } from "../../plugin/internal/parallel-error.ts";
import { scenarioContext } from "../../plugin/internal/workload/scenario-context.ts";
import { stallLine, watchForStall } from "../../plugin/internal/workload/stall-watch.ts";

const SIZES = { users: 2, transactions: 2, blockSize: 2 };
const TX = { gasLimit: 1n, maxFeePerGas: 2n, maxPriorityFeePerGas: 3n };

/** A connection with neither hardhat-ethers nor hardhat-viem. */
const bare = { id: 1, provider: {} } as unknown as NetworkConnection;

describe("scenario context", () => {
  it("without either plugin: ctx.ethers, ctx.users, ctx.viem throw a line naming the package", async () => {
    const ctx = await scenarioContext("plain", bare, SIZES, 1, TX, () => undefined);
    expect(() => ctx.ethers).to.throw(
      ParallelError,
      'Scenario "plain": ctx.ethers needs @nomicfoundation/hardhat-ethers: install it',
    );
    expect(() => ctx.users).to.throw(ParallelError, "with viem use ctx.viem.users");
    expect(() => ctx.deployer).to.throw(ParallelError, "@nomicfoundation/hardhat-ethers");
    expect(() => ctx.viem).to.throw(
      ParallelError,
      'Scenario "plain": ctx.viem needs @nomicfoundation/hardhat-viem: ' +
        "add it (or @nomicfoundation/hardhat-toolbox-viem) to your plugins",
    );
    // The rest works without either.
    expect(ctx.tx).to.deep.equal(TX);
    expect(ctx.randomInt(10)).to.be.within(0, 9);
  });

  it("ctx.mine() and ctx.mineAndWait() outside run() reject", async () => {
    const ctx = await scenarioContext("plain", bare, SIZES, 1, TX, () => undefined);
    await ctx.mine().then(
      () => expect.fail("mine() resolved"),
      (error) => expect(error.message).to.equal("ctx.mine() is only available inside run()"),
    );
    await ctx.mineAndWait("0x00").then(
      () => expect.fail("mineAndWait() resolved"),
      (error) => expect(error.message).to.equal("ctx.mineAndWait() is only available inside run()"),
    );
  });
});

describe("stall watch", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("one line per stall: pending and idle; none while nothing is pending or a block is mined", async () => {
    const subject = { pending: 1, mining: undefined as Promise<void> | undefined };
    const lines: string[] = [];
    const watch = watchForStall("x", 5, subject, (line) => lines.push(line), 300);
    try {
      await sleep(900);
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/^Scenario "x": run\(\) has been waiting \d s with 1 transaction pending/);
      watch.activity(); // a send or a block: a new stall may be reported
      subject.pending = 2;
      await sleep(700);
      expect(lines).to.have.length(2);
      expect(lines[1]).to.include("with 2 transactions pending");
      subject.pending = 0;
      await sleep(700);
      expect(lines).to.have.length(2);
    } finally {
      watch.stop();
    }
  });

  it("the line says what is happening and what to do", () => {
    expect(stallLine("x", 3, 1, 100)).to.equal(
      'Scenario "x": run() has been waiting 3 s with 1 transaction pending and nothing mined: it is probably ' +
        "waiting for a receipt (tx.wait()). Blocks are mined only every --block-size transactions (100 here): " +
        "call ctx.mine() first, drop the wait, or use ctx.mineAndWait(tx).",
    );
  });
});
