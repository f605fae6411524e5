import { expect } from "chai";
import { rmSync } from "node:fs";

import { ParallelError } from "../../plugin/internal/parallel-error.ts";
import { replayWorkers } from "../../plugin/internal/tasks/replay-workers.ts";
import {
  REPO_ROOT,
  SOLIDITY_CONFIG,
  linkRepoNodeModules,
  runHardhat,
  writeProject,
} from "../helpers/fixture-project.ts";

/** Bad input gets one clear error line and exit code 1, never a bare stack trace. */
describe("parallel-report: bad input", function () {
  this.timeout(120_000);

  it("rejects an unknown scenario, naming the known ones", () => {
    const result = runHardhat(REPO_ROOT, ["parallel-report", "--scenario", "no-such-scenario", "--no-compile"]);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(
      /^Error: Unknown scenario "no-such-scenario"\. Scenarios in examples\/: .*hot-counter/m,
    );
    // (Hardhat adds its stack trace after that line when it runs under CI=true.)
  });

  it("rejects a missing scenario file", () => {
    const result = runHardhat(REPO_ROOT, ["parallel-report", "--scenario", "examples/missing.ts", "--no-compile"]);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.include("Error: Scenario file not found: examples/missing.ts");
  });

  it("rejects a --block-size that is not a positive integer", () => {
    const notANumber = runHardhat(REPO_ROOT, ["parallel-report", "--block-size", "many", "--no-compile"]);
    expect(notANumber.status).to.equal(1);
    expect(notANumber.stderr).to.include('Invalid value "many" for argument "blockSize" of type "INT"');
    const negative = runHardhat(REPO_ROOT, ["parallel-report", "--top", "-3", "--no-compile"]);
    expect(negative.status).to.equal(1);
  });

  it("rejects --rounds 0: one Error line, exit code 1", () => {
    const result = runHardhat(REPO_ROOT, ["parallel-report", "--execute", "--rounds", "0", "--no-compile"]);
    expect(result.status).to.equal(1);
    expect(result.stderr.trim()).to.equal("Error: --rounds must be a positive integer (got 0)");
  });

  it("rejects --workers -1: one Error line, exit code 1", () => {
    const result = runHardhat(REPO_ROOT, ["parallel-report", "--workers", "-1", "--no-compile"]);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/^Error HHE\d+: Invalid value "-1" for argument "workers" of type "INT"$/m);
    expect(result.stderr.split("\n").filter((line) => line.startsWith("Error"))).to.have.length(1);
    // (Hardhat adds its stack trace after that line when it runs under CI=true.)
    // Called in-process (the task's own check, behind Hardhat's INT parser).
    expect(() => replayWorkers({ execute: false, workers: -1 }, undefined)).to.throw(
      ParallelError,
      "--workers must be a positive integer (got -1)",
    );
    expect(replayWorkers({ execute: false, workers: 0 }, 4)).to.equal(undefined);
    expect(replayWorkers({ execute: true, workers: 0 }, 4)).to.equal(4);
    expect(replayWorkers({ execute: false, workers: 3 }, 4)).to.equal(3);
  });

  it("rejects a wrongly typed or unknown `parallel` config key", () => {
    const project = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  parallel: { blockSize: "big", colour: true, workers: 0 },
};
`,
    });
    try {
      linkRepoNodeModules(project);
      const result = runHardhat(project, ["parallel-report"]);
      expect(result.status).to.equal(1);
      const output = result.stdout + result.stderr;
      expect(output).to.include("config.parallel.blockSize: Expected a positive integer");
      expect(output).to.include('config.parallel.colour: Unknown option "colour"');
      expect(output).to.include("config.parallel.workers: Expected a positive integer");
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
