/** The access list of crafted-block.ts, written out by hand in the eth_getBlockAccessList form. */
import type { BalJson } from "../../plugin/internal/bal/index.ts";

/** A 32-byte hex word (storage keys and values are hash32 in the JSON). */
const word = (n: number | bigint): string => "0x" + n.toString(16).padStart(64, "0");

const none = { storageChanges: [], storageReads: [], balanceChanges: [], nonceChanges: [], codeChanges: [] };

export const craftedExpected: BalJson = [
  // The fresh account: only its balance, credited by tx 5.
  {
    ...none,
    address: "0x1000000000000000000000000000000000000001",
    balanceChanges: [{ index: "0x5", value: "0xde0b6b3a7640000" }],
  },
  // alice: sender of tx 1 and tx 5.
  {
    ...none,
    address: "0xa000000000000000000000000000000000000001",
    balanceChanges: [
      { index: "0x1", value: "0x56bc75e2d630f0000" },
      { index: "0x5", value: "0x55de6a779bbaaffc0" },
    ],
    nonceChanges: [
      { index: "0x1", value: "0x1" },
      { index: "0x5", value: "0x2" },
    ],
  },
  // (bob, 0xa…02, is not here: only his token balance slot was touched.)
  // carol: sender of the swap.
  {
    ...none,
    address: "0xa000000000000000000000000000000000000003",
    balanceChanges: [{ index: "0x2", value: "0x1bc16d674ec7fe00" }],
    nonceChanges: [{ index: "0x2", value: "0x1" }],
  },
  // dave: the reverted tx still changes his nonce and balance.
  {
    ...none,
    address: "0xa000000000000000000000000000000000000004",
    balanceChanges: [{ index: "0x3", value: "0xde0b6b3a763ff80" }],
    nonceChanges: [{ index: "0x3", value: "0x5" }],
  },
  // erin: the deployer.
  {
    ...none,
    address: "0xa000000000000000000000000000000000000005",
    balanceChanges: [{ index: "0x4", value: "0xde0b6b3a763fe80" }],
    nonceChanges: [{ index: "0x4", value: "0x8" }],
  },
  // token: alice's and bob's balances (tx 1), carol's and the pool's (tx 2).
  {
    ...none,
    address: "0xa000000000000000000000000000000000000010",
    storageChanges: [
      { key: word(0x11), changes: [{ index: "0x1", value: word(0x5a) }] },
      { key: word(0x12), changes: [{ index: "0x1", value: word(0xa) }] },
      { key: word(0x13), changes: [{ index: "0x2", value: word(0x20) }] },
      { key: word(0x14), changes: [{ index: "0x2", value: word(0x1020) }] },
    ],
  },
  // pool: reserves changed by tx 2 (tx 3's read of reserve 0 is not a read entry); fee read, lock set and
  // reset (a read), slot 4 read by the reverted tx.
  {
    ...none,
    address: "0xa000000000000000000000000000000000000011",
    storageChanges: [
      { key: word(0), changes: [{ index: "0x2", value: word(0x1020) }] },
      { key: word(1), changes: [{ index: "0x2", value: word(0x1ff8) }] },
    ],
    storageReads: [word(2), word(3), word(4)],
  },
  // weth: the pool's balance (small key) sorts before carol's (key 2^255).
  {
    ...none,
    address: "0xa000000000000000000000000000000000000012",
    storageChanges: [
      { key: word(0x21), changes: [{ index: "0x2", value: word(0x1ff8) }] },
      {
        key: "0x8000000000000000000000000000000000000000000000000000000000000000",
        changes: [{ index: "0x2", value: word(8) }],
      },
    ],
  },
  // The beneficiary (0xcc… sorts before 0xf9…): its balance after each tx's fee.
  {
    ...none,
    address: "0xcccccccccccccccccccccccccccccccccccccccc",
    balanceChanges: [
      { index: "0x1", value: "0x100" },
      { index: "0x2", value: "0x300" },
      { index: "0x3", value: "0x380" },
      { index: "0x4", value: "0x500" },
      { index: "0x5", value: "0x540" },
    ],
  },
  // The contract erin deployed: nonce 1 and its runtime code.
  {
    ...none,
    address: "0xf9c823076a30da0e6c7f0d8731cfc3499455b1f5",
    nonceChanges: [{ index: "0x4", value: "0x1" }],
    codeChanges: [{ index: "0x4", code: "0x6080604052" }],
  },
];
