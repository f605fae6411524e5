import type { BlockAccessList } from "../../plugin/internal/bal/index.ts";

import { expect } from "chai";
import { decodeRlp, getCreateAddress, hexlify } from "ethers";

import { balHash, balSummary, balToJson, blockAccessList, encodeBal } from "../../plugin/internal/bal/index.ts";
import { block } from "../analyze/capture-builder.ts";
import { craftedBlock, created, erin } from "./crafted-block.ts";
import { craftedExpected } from "./crafted-expected.ts";

const EMPTY_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
const word = (n: number | bigint): string => "0x" + n.toString(16).padStart(64, "0");
const empty = { storageChanges: [], storageReads: [], balanceChanges: [], nonceChanges: [], codeChanges: [] };
const hex = (bytes: Uint8Array): string => hexlify(bytes);

describe("EIP-7928 block access list", () => {
  it("an empty list is RLP 0xc0 with the EIP's empty-list hash", () => {
    expect(hex(encodeBal([]))).to.equal("0xc0");
    expect(balHash([])).to.equal(EMPTY_HASH);
    expect(balSummary([])).to.deep.equal({ bytes: 1, accounts: 0, slots: 0, hash: EMPTY_HASH });
  });

  it("a block without transactions has an empty list: the beneficiary is not accessed", () => {
    const bal = blockAccessList(block([]));
    expect(bal).to.deep.equal([]);
    expect(balHash(bal)).to.equal(EMPTY_HASH);
  });

  it("RLP of a small list, derived by hand: integer keys and values, minimal bytes", () => {
    const account = "0xa000000000000000000000000000000000000010";
    const bal: BlockAccessList = [
      {
        ...empty,
        address: account,
        storageChanges: [{ slot: word(0x100), changes: [{ index: 1, value: "0x2a" }] }],
        storageReads: [word(0)],
      },
    ];
    // [[addr, [[0x0100, [[1, 0x2a]]]], [0], [], [], []]]: slot 0x…0100 is the 2-byte integer 82 01 00,
    // read slot 0 the empty string 80.
    const account20 = account.slice(2);
    const expected = `0xe4e394${account20}c8c7820100c3c2012ac180c0c0c0`;
    expect(hex(encodeBal(bal))).to.equal(expected);
    expect(balSummary(bal).bytes).to.equal(37);
    expect(balSummary(bal).slots).to.equal(2);
  });

  it("RLP of balance, nonce and code changes, and index 0, derived by hand", () => {
    const alice = "0xa000000000000000000000000000000000000001";
    const bal: BlockAccessList = [
      {
        ...empty,
        address: alice,
        storageChanges: [{ slot: word(0), changes: [{ index: 0, value: "0x0" }] }],
        balanceChanges: [{ index: 1, value: "0x64" }],
        nonceChanges: [{ index: 1, value: "0x1" }],
        codeChanges: [{ index: 2, code: "0x6001" }],
      },
    ];
    // storage [[0, [[0, 0]]]] = c6 c5 80 c3 c2 80 80 (index 0, slot 0 and value 0 are the empty string 80);
    // reads [] = c0; balance [[1, 0x64]] = c3 c2 01 64; nonce [[1, 1]] = c3 c2 01 01;
    // code [[2, 0x6001]] = c5 c4 02 82 60 01. Account: 21 + 7 + 1 + 4 + 4 + 6 = 43 bytes (eb), list: ec.
    const expected = `0xeceb94${alice.slice(2)}c6c580c3c28080c0c3c20164c3c20101c5c402826001`;
    expect(hex(encodeBal(bal))).to.equal(expected);
  });

  it("the crafted block: every account, change and read as written out by hand", () => {
    expect(getCreateAddress({ from: erin, nonce: 7 }).toLowerCase()).to.equal(created);
    const bal = blockAccessList(craftedBlock);
    expect(balToJson(bal)).to.deep.equal(craftedExpected);
    const summary = balSummary(bal);
    expect(summary.accounts).to.equal(10);
    // token 4 changed, pool 2 changed + 3 read, weth 2 changed.
    expect(summary.slots).to.equal(11);
    expect(summary.hash).to.equal(balHash(bal));
    expect(summary.bytes).to.equal(encodeBal(bal).length);
  });

  it("the crafted block's RLP decodes (ethers) to the same list, every integer minimal", () => {
    const bal = blockAccessList(craftedBlock);
    const decoded = decodeRlp(encodeBal(bal)) as Rlp[];
    const fromRlp = decoded.map((account) => {
      const [address, storage, reads, balances, nonces, codes] = list(account);
      return {
        address,
        storageChanges: list(storage).map((entry) => {
          const [key, changes] = list(entry);
          const slotChange = (c: Rlp) => ({ index: qty(list(c)[0]), value: word(int(list(c)[1])) });
          return { key: word(int(key)), changes: list(changes).map(slotChange) };
        }),
        storageReads: list(reads).map((key) => word(int(key))),
        balanceChanges: list(balances).map((c) => ({ index: qty(list(c)[0]), value: qty(list(c)[1]) })),
        nonceChanges: list(nonces).map((c) => ({ index: qty(list(c)[0]), value: qty(list(c)[1]) })),
        codeChanges: list(codes).map((c) => ({ index: qty(list(c)[0]), code: list(c)[1] })),
      };
    });
    expect(fromRlp).to.deep.equal(craftedExpected);
  });
});

/** An RLP item as ethers decodes it: a hex string or a list. */
type Rlp = string | Rlp[];
const list = (item: Rlp): Rlp[] => {
  expect(item).to.be.an("array");
  return item as Rlp[];
};
/** An RLP integer: minimal big-endian bytes (no leading zero byte; zero is the empty string). */
const int = (item: Rlp): bigint => {
  expect(item).to.be.a("string");
  expect(item as string, "non-minimal integer").not.to.match(/^0x00/);
  return item === "0x" ? 0n : BigInt(item as string);
};
const qty = (item: Rlp): string => "0x" + int(item).toString(16);
