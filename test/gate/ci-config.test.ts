import { expect } from "chai";

import { resolveCiConfig, validateCiUserConfig } from "../../plugin/internal/config/ci-config.ts";
import { validateParallelUserConfig } from "../../plugin/internal/config/parallel-config.ts";

describe("gate: parallel.ci config", () => {
  it("resolves defaults and both forms of minScore", () => {
    expect(resolveCiConfig()).to.deep.equal({
      minScore: {},
      maxConflictRate: undefined,
      failOnNewHotspot: true,
      maxScoreDrop: 0.05,
      baseline: "parallel-baseline.json",
    });
    expect(resolveCiConfig({ minScore: 0.5 }).minScore).to.deep.equal({ "*": 0.5 });
    expect(
      resolveCiConfig({ minScore: { Token: 0.8, "*": 0.3 }, failOnNewHotspot: false, baseline: "ci/base.json" }),
    ).to.deep.equal({
      minScore: { Token: 0.8, "*": 0.3 },
      maxConflictRate: undefined,
      failOnNewHotspot: false,
      maxScoreDrop: 0.05,
      baseline: "ci/base.json",
    });
  });

  it("reports every bad value with its path", () => {
    const errors = validateCiUserConfig({
      minScore: { Token: 2 },
      maxConflictRate: "high",
      failOnNewHotspot: 1,
      baseline: "",
      colour: true,
    });
    expect(errors).to.deep.equal([
      {
        path: ["parallel", "ci", "colour"],
        message: 'Unknown option "colour" (known: minScore, maxConflictRate, failOnNewHotspot, maxScoreDrop, baseline)',
      },
      { path: ["parallel", "ci", "minScore", "Token"], message: "Expected a number between 0 and 1" },
      { path: ["parallel", "ci", "maxConflictRate"], message: "Expected a number between 0 and 1" },
      { path: ["parallel", "ci", "failOnNewHotspot"], message: "Expected true or false" },
      { path: ["parallel", "ci", "baseline"], message: "Expected a non-empty string" },
    ]);
    expect(validateCiUserConfig({ minScore: -0.1 })[0].path).to.deep.equal(["parallel", "ci", "minScore"]);
    expect(validateCiUserConfig({ maxScoreDrop: 2 })[0].path).to.deep.equal(["parallel", "ci", "maxScoreDrop"]);
    expect(validateCiUserConfig([])).to.deep.equal([{ path: ["parallel", "ci"], message: "Expected an object" }]);
  });

  it("is checked as part of the parallel config", () => {
    expect(validateParallelUserConfig({ ci: { maxConflictRate: 1.5 } })).to.deep.equal([
      { path: ["parallel", "ci", "maxConflictRate"], message: "Expected a number between 0 and 1" },
    ]);
  });
});
