import { expect } from "chai";

import { accessSetsFromPrestate } from "../../plugin/internal/capture/prestate-access.ts";
import { balanceKey, nonceKey, slotKey } from "../../plugin/internal/capture/state-key.ts";

const SENDER = "0x00000000000000000000000000000000000000aa";
const TOKEN = "0x00000000000000000000000000000000000000bb";
const COINBASE = "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e";
const word = (n: number) => "0x" + n.toString(16).padStart(64, "0");

describe("capture: access sets from prestateTracer", () => {
  const prestate = {
    [SENDER]: { balance: "0x100", nonce: 3 },
    [TOKEN]: {
      balance: "0x0",
      nonce: 1,
      code: "0x6000",
      storage: { [word(0)]: word(5), [word(1)]: word(7), [word(2)]: word(9) },
    },
    [COINBASE]: { balance: "0x10" },
  };
  const diff = {
    pre: {
      [SENDER]: { balance: "0x100", nonce: 3 },
      [TOKEN]: { balance: "0x0", nonce: 1, code: "0x6000", storage: { [word(0)]: word(5), [word(1)]: word(7) } },
      [COINBASE]: { balance: "0x10" },
    },
    // slot 0 set to zero (absent from post), slot 1 changed, slot 2 only read.
    post: {
      [SENDER]: { balance: "0xf0", nonce: 4 },
      [TOKEN]: { storage: { [word(1)]: word(8) } },
      [COINBASE]: { balance: "0x20" },
    },
  };

  it("reads every listed account field and slot, with pre values", () => {
    const { reads } = accessSetsFromPrestate(prestate, diff, COINBASE, false);
    expect(reads[slotKey(TOKEN, 2)]).to.equal("0x9");
    expect(reads[slotKey(TOKEN, 0)]).to.equal("0x5");
    expect(reads[nonceKey(SENDER)]).to.equal("0x3");
    expect(reads[balanceKey(TOKEN)]).to.equal("0x0");
  });

  it("writes changed values only; a slot missing from post was zeroed; unchanged fields stay reads", () => {
    const { writes } = accessSetsFromPrestate(prestate, diff, COINBASE, false);
    expect(writes).to.deep.equal({
      [balanceKey(SENDER)]: "0xf0",
      [nonceKey(SENDER)]: "0x4",
      [slotKey(TOKEN, 0)]: "0x0",
      [slotKey(TOKEN, 1)]: "0x8",
      [balanceKey(COINBASE)]: "0x20",
    });
  });

  it("leaves the beneficiary out of the reads unless read explicitly", () => {
    expect(accessSetsFromPrestate(prestate, diff, COINBASE, false).reads).not.to.have.property(balanceKey(COINBASE));
    expect(accessSetsFromPrestate(prestate, diff, COINBASE, true).reads[balanceKey(COINBASE)]).to.equal("0x10");
  });

  it("treats a write of the same value as a read", () => {
    const same = {
      pre: { [TOKEN]: { storage: { [word(1)]: word(7) } } },
      post: { [TOKEN]: { storage: { [word(1)]: word(7) } } },
    };
    const { reads, writes } = accessSetsFromPrestate(prestate, same, COINBASE, false);
    expect(writes).to.deep.equal({});
    expect(reads[slotKey(TOKEN, 1)]).to.equal("0x7");
  });
});
