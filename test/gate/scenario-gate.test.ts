import { expect } from "chai";

import { REPO_ROOT, runHardhat } from "../helpers/fixture-project.ts";

/** Without --tests, the gate reads the scenario report: its per-contract figures and hotspot variables. */
describe("gate: parallel-report --ci on scenarios", function () {
  this.timeout(180_000);

  it("fails on the hot counter's variables, with their lines", () => {
    const result = runHardhat(REPO_ROOT, [
      "parallel-report",
      "--ci",
      "--scenario",
      "hot-counter",
      "--transactions",
      "40",
      "--block-size",
      "20",
    ]);
    expect(result.status).to.equal(1);
    expect(result.stdout).to.include("parallel gate: 2 violations");
    expect(result.stdout).to.match(
      new RegExp(
        String.raw`✗ new contention hotspot HotCounter\.depositCount \(contracts/HotCounter\.sol:\d+\): ` +
          "38 contract dependencies in scenario hot-counter",
      ),
    );
  });

  it("passes on the sharded counter", () => {
    const result = runHardhat(REPO_ROOT, [
      "parallel-report",
      "--ci",
      "--scenario",
      "sharded-counter",
      "--transactions",
      "40",
      "--block-size",
      "20",
    ]);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.include("parallel gate: passed");
  });
});
