import { expect } from "chai";

import { RECOVERY_CHUNK, SenderRecovery } from "../../plugin/internal/execute/stm/sender-recovery.ts";

describe("sender recovery ahead", function () {
  it("hands out each unknown sender once, in chunks, from the given index on", function () {
    const recovery = new SenderRecovery(40);
    const known = (tx: number) => tx % 5 === 0; // 0, 5, 10, ... already have their sender
    const first = recovery.next(3, known);
    expect(first).to.deep.equal([3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19, 21, 22]);
    expect(first).to.have.length(RECOVERY_CHUNK);
    // A lower `from` does not hand out again what was handed out.
    expect(recovery.next(0, known)).to.deep.equal([23, 24, 26, 27, 28, 29, 31, 32, 33, 34, 36, 37, 38, 39]);
    expect(recovery.next(0, known)).to.deep.equal([]);
  });

  it("hands out again the transactions of a lost task", function () {
    const recovery = new SenderRecovery(20);
    const none = () => false;
    const first = recovery.next(0, none);
    const second = recovery.next(0, none);
    expect(second).to.deep.equal([16, 17, 18, 19]);
    recovery.lost(first);
    expect(recovery.next(2, none)).to.deep.equal(first.slice(2));
    expect(recovery.next(0, none)).to.deep.equal([]);
  });
});
