import { expect } from "chai";

import { KeyTable } from "../../plugin/internal/execute/workers/index.ts";

describe("key table: read and write sets between workers and the main thread", function () {
  const a = `0x${"aa".repeat(20)}`;
  const codeHash = `0x${"c0".repeat(32)}`;
  const keys = [`${a}:balance`, `${a}:nonce`, `${a}:code`];

  it("names the keys it has by index, others in full, and unpacks to the same entries", function () {
    const sender = new KeyTable([...keys]);
    const entries = new Map<string, bigint | string>([
      [`${a}:nonce`, 7n],
      [`${a}:slot:0x${"01".repeat(32)}`, 0n],
      [`${a}:code`, codeHash],
    ]);
    const packed = sender.pack(entries);
    expect(packed).to.deep.equal([1, 7n, `${a}:slot:0x${"01".repeat(32)}`, 0n, 2, codeHash]);
    const receiver = new KeyTable(keys);
    const unpacked = receiver.unpack(packed);
    expect([...unpacked]).to.deep.equal([...entries]);
    // A known key comes back as the receiver's own string.
    expect([...unpacked.keys()][0]).to.equal(keys[1]);
  });
});
