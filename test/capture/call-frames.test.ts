import { expect } from "chai";

import { codeReadsBalances, stepsReadBalanceOf } from "../../plugin/internal/capture/balance-opcodes.ts";
import { flattenCallTrace } from "../../plugin/internal/capture/call-frames.ts";

describe("capture: call frames and balance reads", () => {
  it("flattens a call tree in pre-order with storage context and selectors", () => {
    const frames = flattenCallTrace({
      type: "CALL",
      from: "0xA",
      to: "0xB",
      input: "0xa9059cbb0000",
      value: "0x0",
      calls: [
        {
          type: "DELEGATECALL",
          from: "0xB",
          to: "0xC",
          input: "0x12345678",
          error: "execution reverted",
          calls: [{ type: "STATICCALL", from: "0xB", to: "0xD", input: "0x" }],
        },
        { type: "CREATE2", from: "0xB", to: "0xE", input: "0x6080604052", value: "0x5" },
      ],
    });
    expect(frames.map((f) => [f.depth, f.type, f.to, f.storageAddress, f.selector, f.reverted])).to.deep.equal([
      [0, "CALL", "0xb", "0xb", "0xa9059cbb", false],
      [1, "DELEGATECALL", "0xc", "0xb", "0x12345678", true],
      [2, "STATICCALL", "0xd", "0xd", null, true],
      [1, "CREATE2", "0xe", "0xe", null, false],
    ]);
    expect(frames[3].value).to.equal("0x5");
  });

  it("finds BALANCE instructions but not 0x31 bytes inside push data", () => {
    expect(codeReadsBalances("0x6031")).to.equal(false); // PUSH1 0x31
    expect(codeReadsBalances("0x416031" + "31")).to.equal(true); // COINBASE PUSH1 0x31 BALANCE
    expect(codeReadsBalances("0x47")).to.equal(true); // SELFBALANCE
  });

  it("tells whether a BALANCE step read a given address", () => {
    const steps = [{ op: "BALANCE", depth: 1, stack: ["0x1", "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e"] }];
    expect(stepsReadBalanceOf(steps, "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e")).to.equal(true);
    expect(stepsReadBalanceOf(steps, "0x0000000000000000000000000000000000000001")).to.equal(false);
  });
});
