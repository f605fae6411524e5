import { expect } from "chai";

import { githubAnnotations } from "../../plugin/internal/gate/github-annotations.ts";

describe("gate: GitHub annotations", () => {
  it("points at the declaration, relative to the checkout, with data and properties escaped", () => {
    const lines = githubAnnotations(
      [
        {
          rule: "newHotspot",
          message: "new hotspot Hot.count: 100% of calls,\nall",
          file: "contracts/Hot.sol",
          line: 7,
        },
        { rule: "minScore", message: "Hot: score 0.10 is below minScore 0.5", file: "contracts/Hot.sol", line: null },
        { rule: "maxConflictRate", message: "x", file: null, line: null },
      ],
      "/repo/packages/chain",
      "/repo",
    );
    expect(lines).to.deep.equal([
      "::error file=packages/chain/contracts/Hot.sol,line=7,title=Contention hotspot::" +
        "new hotspot Hot.count: 100%25 of calls,%0Aall",
      "::error file=packages/chain/contracts/Hot.sol,title=Parallelism score::Hot: score 0.10 is below minScore 0.5",
      "::error title=Conflict rate::x",
    ]);
  });

  it("keeps the source name when there is no workspace", () => {
    expect(
      githubAnnotations([{ rule: "newHotspot", message: "m", file: "contracts/A.sol", line: 3 }], "/p", undefined),
    ).to.deep.equal(["::error file=contracts/A.sol,line=3,title=Contention hotspot::m"]);
  });
});
