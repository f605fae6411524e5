import { expect } from "chai";

import type { GateSubject } from "../../plugin/internal/gate/gate-subject.ts";

import { resolveCiConfig } from "../../plugin/internal/config/ci-config.ts";
import { baselineOf } from "../../plugin/internal/gate/baseline-file.ts";
import { findViolations } from "../../plugin/internal/gate/find-violations.ts";

const subject: GateSubject = {
  mode: "tests",
  contracts: [
    { name: "Hot", scope: null, sourceName: "contracts/Hot.sol", calls: 6, score: 0.1, conflictRate: 0.8 },
    { name: "Token", scope: null, sourceName: "contracts/Token.sol", calls: 20, score: 0.9, conflictRate: 0.2 },
    { name: "Admin", scope: null, sourceName: "contracts/Admin.sol", calls: 2, score: null, conflictRate: null },
  ],
  hotspots: [
    {
      id: "Hot.count",
      contract: "Hot",
      variable: "count",
      sourceName: "contracts/Hot.sol",
      line: 7,
      detail: "written by Hot.bump() (3 senders)",
      dependencies: 5,
    },
  ],
};
const options = { baselineFile: "parallel-baseline.json", acceptHotspots: false };

describe("gate: violations", () => {
  it("one line per violation: what, where, by how much", () => {
    const ci = resolveCiConfig({ minScore: 0.5, maxConflictRate: 0.5 });
    const { violations, notes } = findViolations(subject, ci, null, options);
    expect(violations).to.deep.equal([
      {
        rule: "minScore",
        message: "Hot: score 0.10 is below minScore 0.5 (by 0.40)",
        file: "contracts/Hot.sol",
        line: null,
      },
      {
        rule: "maxConflictRate",
        message: "Hot: conflict rate 80.0% is above maxConflictRate 50.0% (by 30.0 points)",
        file: "contracts/Hot.sol",
        line: null,
      },
      {
        rule: "newHotspot",
        message:
          "new contention hotspot Hot.count (contracts/Hot.sol:7): written by Hot.bump() (3 senders); " +
          "not in parallel-baseline.json",
        file: "contracts/Hot.sol",
        line: 7,
      },
    ]);
    expect(notes).to.deep.equal(["Admin: not measured (called by fewer than two senders)"]);
  });

  it("per-contract minScore, '*' for the others; baseline figures are quoted", () => {
    const ci = resolveCiConfig({ minScore: { Token: 0.95, "*": 0.05, Missing: 0.5 }, failOnNewHotspot: false });
    const baseline = baselineOf({ ...subject, contracts: [{ ...subject.contracts[1], score: 0.97 }] }, "t");
    const { violations, notes } = findViolations(subject, ci, baseline, options);
    expect(violations.map((v) => v.message)).to.deep.equal([
      "Token: score 0.90 is below minScore 0.95 (by 0.05); baseline 0.97",
      "Token: score 0.90 dropped from baseline 0.97 (by 0.07, more than maxScoreDrop 0.05)",
    ]);
    expect(notes).to.include("minScore names Missing, which no test called");
  });

  it("a score lower than the baseline's by more than maxScoreDrop fails; a smaller drop does not", () => {
    const baseline = baselineOf({ ...subject, contracts: [{ ...subject.contracts[1], score: 0.94 }] }, "t");
    const rules = (maxScoreDrop: number) =>
      findViolations(
        subject,
        resolveCiConfig({ failOnNewHotspot: false, maxScoreDrop }),
        baseline,
        options,
      ).violations.map((v) => v.rule);
    expect(rules(0.03)).to.deep.equal(["scoreDrop"]); // 0.94 → 0.90 is a drop of 0.04
    expect(rules(0.05)).to.deep.equal([]);
    expect(
      findViolations(subject, resolveCiConfig({ failOnNewHotspot: false, maxScoreDrop: 0.03 }), baseline, {
        ...options,
        acceptHotspots: true,
      }).violations,
    ).to.deep.equal([]);
  });

  it("a hotspot in the baseline is not new; --update-baseline accepts them all", () => {
    const ci = resolveCiConfig({});
    expect(findViolations(subject, ci, baselineOf(subject, "t"), options).violations).to.deep.equal([]);
    expect(findViolations(subject, ci, null, { ...options, acceptHotspots: true }).violations).to.deep.equal([]);
    expect(
      findViolations(subject, resolveCiConfig({ failOnNewHotspot: false }), null, options).violations,
    ).to.deep.equal([]);
  });

  it("the baseline keeps figures rounded and hotspots by id", () => {
    const baseline = baselineOf(
      { ...subject, contracts: [{ ...subject.contracts[0], score: 1 / 3 }] },
      "2026-01-01T00:00:00.000Z",
    );
    expect(baseline).to.deep.equal({
      version: 1,
      mode: "tests",
      generatedAt: "2026-01-01T00:00:00.000Z",
      contracts: { Hot: { score: 0.3333, conflictRate: 0.8 } },
      hotspots: [{ id: "Hot.count", sourceName: "contracts/Hot.sol", line: 7 }],
    });
  });
});
