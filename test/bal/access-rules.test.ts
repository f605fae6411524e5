import type { AccountChanges } from "../../plugin/internal/bal/index.ts";

import { expect } from "chai";
import { getCreateAddress } from "ethers";

import { blockAccessList } from "../../plugin/internal/bal/index.ts";
import { address, block, frame, rawTx, slot } from "../analyze/capture-builder.ts";

const [a, b, c] = [address(1), address(2), address(3)];
const pool = address(0x11);
const coinbase = "0x" + "c".repeat(40);
const word = (n: number): string => "0x" + n.toString(16).padStart(64, "0");
const empty = { storageChanges: [], storageReads: [], balanceChanges: [], nonceChanges: [], codeChanges: [] };

/** The entry of `at` in the list of `txs` (undefined when absent). */
function entry(txs: ReturnType<typeof rawTx>[], at: string): AccountChanges | undefined {
  return blockAccessList(block(txs)).find((account) => account.address === at);
}

describe("EIP-7928 read and write rules", () => {
  it("a slot written then restored in one tx, or written with its own value, is a read", () => {
    const restored = rawTx({ from: a, to: pool, reads: { [slot(pool, 3)]: "0x1" } });
    const noOp = rawTx({
      from: b,
      to: pool,
      reads: { [slot(pool, 4)]: "0x7", [`${b}:balance`]: "0x9" },
      writes: { [slot(pool, 4)]: "0x7", [`${b}:balance`]: "0x9" },
    });
    expect(entry([restored, noOp], pool)).to.deep.equal({ ...empty, address: pool, storageReads: [word(3), word(4)] });
    expect(entry([restored, noOp], b)).to.deep.equal({ ...empty, address: b });
  });

  it("a slot read by tx 1 and written by tx 2 is only in the changes", () => {
    const reader = rawTx({ from: a, to: pool, reads: { [slot(pool, 0)]: "0x5" } });
    const writer = rawTx({ from: b, to: pool, reads: { [slot(pool, 0)]: "0x5" }, writes: { [slot(pool, 0)]: "0x6" } });
    const changes = [{ slot: word(0), changes: [{ index: 2, value: "0x6" }] }];
    expect(entry([reader, writer], pool)).to.deep.equal({ ...empty, address: pool, storageChanges: changes });
  });

  it("the same key written by two txs has two entries, even when the second restores the block's pre value", () => {
    const set = rawTx({ from: a, to: pool, reads: { [slot(pool, 0)]: "0x0" }, writes: { [slot(pool, 0)]: "0x5" } });
    const reset = rawTx({ from: b, to: pool, reads: { [slot(pool, 0)]: "0x5" }, writes: { [slot(pool, 0)]: "0x0" } });
    const changes = [
      { index: 1, value: "0x5" },
      { index: 2, value: "0x0" },
    ];
    expect(entry([set, reset], pool)?.storageChanges).to.deep.equal([{ slot: word(0), changes }]);
  });

  it("a no-op write after a change keeps the change and adds no read", () => {
    const set = rawTx({ from: a, to: pool, reads: { [slot(pool, 0)]: "0x0" }, writes: { [slot(pool, 0)]: "0x5" } });
    const same = rawTx({ from: b, to: pool, reads: { [slot(pool, 0)]: "0x5" }, writes: { [slot(pool, 0)]: "0x5" } });
    const bal = entry([set, same], pool);
    expect(bal?.storageChanges).to.deep.equal([{ slot: word(0), changes: [{ index: 1, value: "0x5" }] }]);
    expect(bal?.storageReads).to.deep.equal([]);
  });

  it("orders accounts by address, slots and reads by key, changes by index, whatever the input order", () => {
    const first = rawTx({
      from: c,
      to: b,
      reads: { [slot(b, 9)]: "0x0", [slot(b, 2)]: "0x0" },
      writes: { [slot(b, 0x30)]: "0x1", [slot(b, 0x3)]: "0x1", [`${c}:balance`]: "0x2" },
    });
    const second = rawTx({ from: c, to: a, writes: { [`${c}:balance`]: "0x1", [slot(b, 0x3)]: "0x2" } });
    const bal = blockAccessList(block([first, second]));
    expect(bal.map((account) => account.address)).to.deep.equal([a, b, c, coinbase]);
    expect(bal[1].storageChanges.map((s) => s.slot)).to.deep.equal([word(3), word(0x30)]);
    expect(bal[1].storageChanges[0].changes.map((ch) => ch.index)).to.deep.equal([1, 2]);
    expect(bal[1].storageReads).to.deep.equal([word(2), word(9)]);
    expect(bal[2].balanceChanges).to.deep.equal([
      { index: 1, value: "0x2" },
      { index: 2, value: "0x1" },
    ]);
  });

  it("includes accounts only accessed: zero-value recipients, called precompiles, the fee recipient", () => {
    const precompile = "0x0000000000000000000000000000000000000001";
    const failedCreate = "0x00000000000000000000000000000000000000cc";
    const calls = [
      frame({ from: a, to: pool }),
      frame({ from: pool, to: precompile, type: "STATICCALL", depth: 1 }),
      frame({ from: pool, to: failedCreate, type: "CREATE", depth: 1 }),
    ];
    // No fee write at all (zero priority fee): the beneficiary is still accessed by fee accounting.
    const call = rawTx({ from: a, to: pool, calls });
    const zeroValue = rawTx({ from: b, to: c });
    const bal = blockAccessList(block([call, zeroValue]));
    const expected = [precompile, a, b, c, pool, coinbase].map((at) => ({ ...empty, address: at }));
    expect(bal).to.deep.equal(expected);
  });

  it("a failed creation tx still lists its deployment address, derived from sender and nonce", () => {
    const failed = { ...rawTx({ from: a, to: null, writes: { [`${a}:nonce`]: "0x6" } }), nonce: 5, status: 0 as const };
    const deployed = getCreateAddress({ from: a, nonce: 5 }).toLowerCase();
    expect(blockAccessList(block([failed])).map((account) => account.address)).to.deep.equal([deployed, a, coinbase]);
  });
});

describe("EIP-7928 system calls (index 0 and n + 1)", () => {
  const HISTORY = "0x0000f90827f1c53a10cb7a02335b175320002935";
  const pre = { reads: { [slot(HISTORY, 0x1fff)]: "0x0" }, writes: { [slot(HISTORY, 0x1fff)]: "0xabc" } };
  const withdrawal = { reads: { [`${b}:balance`]: "0x0" }, writes: { [`${b}:balance`]: "0x64" } };

  it("pre-execution changes are at index 0, post-execution ones at n + 1", () => {
    const transfer = rawTx({ from: a, to: c, writes: { [`${a}:nonce`]: "0x1", [`${coinbase}:balance`]: "0x5" } });
    const bal = blockAccessList(block([transfer, rawTx({ from: c, to: a })]), { pre, post: withdrawal });
    expect(bal.find((x) => x.address === HISTORY)?.storageChanges).to.deep.equal([
      { slot: word(0x1fff), changes: [{ index: 0, value: "0xabc" }] },
    ]);
    expect(bal.find((x) => x.address === b)?.balanceChanges).to.deep.equal([{ index: 3, value: "0x64" }]);
    expect(bal.find((x) => x.address === a)?.nonceChanges).to.deep.equal([{ index: 1, value: "0x1" }]);
  });

  it("a block with only a withdrawal lists its recipient at index 1 and no beneficiary", () => {
    const bal = blockAccessList(block([]), { post: withdrawal });
    expect(bal).to.deep.equal([{ ...empty, address: b, balanceChanges: [{ index: 1, value: "0x64" }] }]);
  });
});
