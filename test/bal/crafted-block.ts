/** A block of five transactions built by hand, in the capture's conventions (reads: value before). */
import type { CapturedTransaction } from "../../plugin/internal/capture/types.ts";

import { address, block, frame, rawTx, slot } from "../analyze/capture-builder.ts";

export const alice = address(1);
export const bob = address(2);
export const carol = address(3);
export const dave = address(4);
export const erin = address(5);
export const token = address(0x10);
export const pool = address(0x11);
export const weth = address(0x12);
/** Sorts before every other account: the list must not keep first-seen order. */
export const fresh = "0x1000000000000000000000000000000000000001";
/** getCreateAddress(erin, nonce 7), checked against ethers in the test. */
export const created = "0xf9c823076a30da0e6c7f0d8731cfc3499455b1f5";
export const coinbase = "0x" + "c".repeat(40);
export const ETH = "0xde0b6b3a7640000";
/** A large slot key of weth (carol's balance), to sort after weth's small one. */
export const bigSlot = 2n ** 255n;

/** balance, nonce and code of `at` as a tx reads them. */
const account = (at: string, balance: string, nonce: string, code = "0x"): Record<string, string> => ({
  [`${at}:balance`]: balance,
  [`${at}:nonce`]: nonce,
  [`${at}:code`]: code,
});

interface Step {
  from: string;
  to: string | null;
  reads: Record<string, string>;
  writes: Record<string, string>;
  calls?: CapturedTransaction["calls"];
  status?: 0 | 1;
  nonce?: number;
}

function step(spec: Step): CapturedTransaction {
  const built = rawTx({ from: spec.from, to: spec.to, reads: spec.reads, writes: spec.writes, calls: spec.calls });
  return { ...built, status: spec.status ?? 1, nonce: spec.nonce ?? 0 };
}

/** 1: alice transfers 10 tokens to bob (bob's account itself is never accessed, only his slot). */
const transfer = step({
  from: alice,
  to: token,
  reads: {
    ...account(alice, "0x56bc75e2d63100000", "0x0"),
    ...account(token, "0x0", "0x1", "0x6001"),
    [slot(token, 0x11)]: "0x64",
    [slot(token, 0x12)]: "0x0",
  },
  writes: {
    [`${alice}:nonce`]: "0x1",
    [`${alice}:balance`]: "0x56bc75e2d630f0000",
    [slot(token, 0x11)]: "0x5a",
    [slot(token, 0x12)]: "0xa",
    [`${coinbase}:balance`]: "0x100",
  },
});

/** 2: carol swaps 0x20 token for 8 weth; the pool's lock (slot 3) goes 1 → 2 → 1, its fee (slot 2) is read. */
const swap = step({
  from: carol,
  to: pool,
  reads: {
    ...account(carol, "0x1bc16d674ec80000", "0x0"),
    ...account(pool, "0x0", "0x1", "0x6002"),
    ...account(token, "0x0", "0x1", "0x6001"),
    ...account(weth, "0x0", "0x1", "0x6003"),
    [slot(pool, 0)]: "0x1000",
    [slot(pool, 1)]: "0x2000",
    [slot(pool, 2)]: "0x1e",
    [slot(pool, 3)]: "0x1",
    [slot(token, 0x13)]: "0x40",
    [slot(token, 0x14)]: "0x1000",
    [slot(weth, 0x21)]: "0x2000",
    [slot(weth, bigSlot)]: "0x0",
  },
  writes: {
    [`${carol}:nonce`]: "0x1",
    [`${carol}:balance`]: "0x1bc16d674ec7fe00",
    [slot(pool, 0)]: "0x1020",
    [slot(pool, 1)]: "0x1ff8",
    [slot(token, 0x13)]: "0x20",
    [slot(token, 0x14)]: "0x1020",
    [slot(weth, 0x21)]: "0x1ff8",
    [slot(weth, bigSlot)]: "0x8",
    [`${coinbase}:balance`]: "0x300",
  },
  calls: [
    frame({ from: carol, to: pool }),
    frame({ from: pool, to: token, depth: 1 }),
    frame({ from: pool, to: weth, depth: 1 }),
  ],
});

/** 3: dave's swap reverts after reading the pool's reserve 0 (changed by tx 2) and slot 4: only gas is paid. */
const reverted = step({
  from: dave,
  to: pool,
  status: 0,
  nonce: 4,
  reads: {
    ...account(dave, ETH, "0x4"),
    ...account(pool, "0x0", "0x1", "0x6002"),
    [slot(pool, 0)]: "0x1020",
    [slot(pool, 3)]: "0x1",
    [slot(pool, 4)]: "0x0",
  },
  writes: { [`${dave}:nonce`]: "0x5", [`${dave}:balance`]: "0xde0b6b3a763ff80", [`${coinbase}:balance`]: "0x380" },
});

/** 4: erin (nonce 7) deploys a contract: its code and nonce 1. */
const creation = step({
  from: erin,
  to: null,
  nonce: 7,
  reads: { ...account(erin, ETH, "0x7"), ...account(created, "0x0", "0x0") },
  writes: {
    [`${erin}:nonce`]: "0x8",
    [`${erin}:balance`]: "0xde0b6b3a763fe80",
    [`${created}:nonce`]: "0x1",
    [`${created}:code`]: "0x6080604052",
    [`${coinbase}:balance`]: "0x500",
  },
  calls: [frame({ from: erin, to: created, type: "CREATE" })],
});

/** 5: alice sends 1 ETH to a fresh account. */
const ethTransfer = step({
  from: alice,
  to: fresh,
  nonce: 1,
  reads: { ...account(alice, "0x56bc75e2d630f0000", "0x1"), ...account(fresh, "0x0", "0x0") },
  writes: {
    [`${alice}:nonce`]: "0x2",
    [`${alice}:balance`]: "0x55de6a779bbaaffc0",
    [`${fresh}:balance`]: ETH,
    [`${coinbase}:balance`]: "0x540",
  },
});

export const craftedBlock = block([transfer, swap, reverted, creation, ethTransfer], 7);
