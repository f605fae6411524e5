import { expect } from "chai";

import { conflictMatrix } from "../../plugin/internal/suite/conflict-matrix.ts";
import { ALICE, BOB, callOf } from "./call-record-builder.ts";

const K = { contract: "Box", variable: "k" };
const L = { contract: "Box", variable: "l" };

describe("suite: conflict matrix", () => {
  it("f conflicts with g when f writes a key that g reads from another sender", () => {
    const records = [
      callOf(0, ALICE, ["Box.f()"], { writes: [[K, 0n, 1n]] }),
      callOf(1, BOB, ["Box.g()"], { reads: [K] }),
      callOf(2, ALICE, ["Box.g()"], { reads: [K] }),
      callOf(3, BOB, ["Box.h()"], { reads: [L] }),
    ];
    // writers(k) = {f: {alice}}; readers(k) = {f: {alice}, g: {bob, alice}}:
    // (f,f): {alice} ∪ {alice} has one sender → no; (f,g): {alice} ∪ {bob, alice} → yes.
    // h reads l, which nobody writes.
    expect(conflictMatrix(records)).to.deep.equal([
      { writer: "Box.f()", reader: "Box.g()", variables: ["Box.k"], keys: 1 },
    ]);
  });

  it("a function conflicts with itself when two senders' calls write one key", () => {
    const records = [
      callOf(0, ALICE, ["Box.f()"], {
        writes: [
          [K, 0n, 1n],
          [L, 0n, 1n],
        ],
      }),
      callOf(1, BOB, ["Box.f()"], {
        writes: [
          [K, 1n, 2n],
          [L, 1n, 2n],
        ],
      }),
    ];
    expect(conflictMatrix(records)).to.deep.equal([
      { writer: "Box.f()", reader: "Box.f()", variables: ["Box.k", "Box.l"], keys: 2 },
    ]);
  });

  it("calls of one sender never conflict with each other", () => {
    const records = [
      callOf(0, ALICE, ["Box.f()"], { writes: [[K, 0n, 1n]] }),
      callOf(1, ALICE, ["Box.g()"], { reads: [K] }),
      callOf(2, ALICE, ["Box.f()"], { writes: [[K, 1n, 2n]] }),
    ];
    expect(conflictMatrix(records)).to.deep.equal([]);
  });

  it("per-sender entries of one mapping do not conflict", () => {
    const records = [
      callOf(0, ALICE, ["Box.f()"], { writes: [[{ contract: "Box", variable: "m", index: ALICE }, 0n, 1n]] }),
      callOf(1, BOB, ["Box.f()"], { writes: [[{ contract: "Box", variable: "m", index: BOB }, 0n, 1n]] }),
    ];
    expect(conflictMatrix(records)).to.deep.equal([]);
  });
});
