import { expect } from "chai";
import { toValueHex, slotKey, parseStateKey } from "../plugin/internal/capture/state-key.ts";
describe("state keys", () => {
  it("normalise values and slots", () => {
    expect(toValueHex("0x000a")).to.equal("0xa");
    const k = slotKey("0xAB", 1n);
    expect(parseStateKey(k)).to.deep.equal({ address: "0xab", kind: "slot", slot: "0x" + "0".repeat(63) + "1" });
  });
});
