import type { StructLog } from "../../plugin/internal/capture/balance-opcodes.ts";

import { expect } from "chai";

import { explicitBalanceReads } from "../../plugin/internal/capture/balance-opcodes.ts";

const A = "0x00000000000000000000000000000000000000aa";
const B = "0x00000000000000000000000000000000000000bb";
const C = "0x00000000000000000000000000000000000000cc";
const D = "0x00000000000000000000000000000000000000dd";
const word = (value: bigint | number | string) => "0x" + BigInt(value).toString(16);
/** A call's stack, top last: gas, to, value (CALL/CALLCODE) or gas, to (DELEGATECALL/STATICCALL). */
const callStack = (to: string, value?: bigint) =>
  value === undefined
    ? [word(0), word(0), word(0), word(0), word(to), word(100_000)]
    : [word(0), word(0), word(0), word(0), word(value), word(to), word(100_000)];

/** The struct-log side of the capture rule on balances only credited (README "Capture rules"). */
describe("capture: explicit balance reads from the struct logger", () => {
  const candidates = new Set([A, B, C, D]);

  it("SELFBALANCE counts for the frame's context: a CALL's target, a DELEGATECALL's caller", () => {
    const steps: StructLog[] = [
      { op: "CALL", depth: 1, stack: callStack(B, 0n) }, // A calls B, no value
      { op: "SELFBALANCE", depth: 2 }, // in B
      { op: "DELEGATECALL", depth: 2, stack: callStack(C) }, // B runs C's code in B's context
      { op: "SELFBALANCE", depth: 3 }, // still B
      { op: "STOP", depth: 3 },
      { op: "STOP", depth: 2 },
      { op: "STOP", depth: 1 },
    ];
    expect([...explicitBalanceReads(steps, A, candidates)]).to.deep.equal([B]);
  });

  it("BALANCE names its address; a CALL with value debits the caller; a CALL without value does not", () => {
    const steps: StructLog[] = [
      { op: "BALANCE", depth: 1, stack: [word(D)] },
      { op: "CALL", depth: 1, stack: callStack(B, 5n) }, // A pays B: A debited, B only credited
      { op: "STOP", depth: 2 },
      { op: "CALL", depth: 1, stack: callStack(C, 0n) }, // no frame entered (C has no code)
      { op: "STOP", depth: 1 },
    ];
    expect([...explicitBalanceReads(steps, A, candidates)].sort()).to.deep.equal([A, D]);
  });

  it("a CREATE with value and a SELFDESTRUCT debit their context; a created frame is no candidate's", () => {
    const steps: StructLog[] = [
      { op: "CALL", depth: 1, stack: callStack(B, 0n) },
      { op: "CREATE", depth: 2, stack: [word(0), word(0), word(7)] }, // B creates with 7 wei
      { op: "SELFBALANCE", depth: 3 }, // in the new contract
      { op: "STOP", depth: 3 },
      { op: "SELFDESTRUCT", depth: 2, stack: [word(C)] }, // B destroys itself: C is only credited
    ];
    expect([...explicitBalanceReads(steps, A, candidates)]).to.deep.equal([B]);
  });

  it("only candidates are reported, and nothing without steps", () => {
    const steps: StructLog[] = [{ op: "SELFBALANCE", depth: 1 }];
    expect([...explicitBalanceReads(steps, A, new Set([B]))]).to.deep.equal([]);
    expect([...explicitBalanceReads([], A, candidates)]).to.deep.equal([]);
  });
});
