import type { TimedResult } from "./plugin-project.ts";

import { expect } from "chai";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { REPO_ROOT } from "../helpers/fixture-project.ts";
import { hardhat } from "./plugin-project.ts";

/** `parallel-report <args> --no-compile` in this repository. */
const report = (...args: string[]) => hardhat(REPO_ROOT, ["parallel-report", ...args, "--no-compile"]);

/**
 * Exit 1 with exactly one `Error:` line, the one given, before any work: no scenario set up
 * (progress would say "<scenario>: setup"), no test run, nothing on stdout, within 20 s.
 */
function expectRejected(result: TimedResult, line: RegExp): void {
  expect(result.status, result.stderr).to.equal(1);
  const errors = result.stderr.split("\n").filter((text) => text.startsWith("Error"));
  expect(errors, result.stderr).to.have.length(1);
  expect(errors[0]).to.match(line);
  expect(result.stderr).to.not.include("setup");
  expect(result.stdout.trim()).to.equal("");
  expect(result.ms).to.be.below(20_000);
}

/** Capture options and output paths are checked before any workload starts. */
describe("parallel-report: bad capture options and output paths", function () {
  this.timeout(120_000);

  it("--capture bogus: names --capture and the two modes", () => {
    expectRejected(report("--capture", "bogus"), /^Error: --capture must be "engine" or "trace" \(got "bogus"\)$/);
  });

  it("--verify-capture with --capture trace: nothing to compare with", () => {
    expectRejected(report("--verify-capture", "--capture", "trace"), /^Error: --verify-capture .*--capture trace/);
  });

  it("--out under /proc: refused at once (creating the folder there would never settle)", () => {
    expectRejected(report("--out", "/proc/x/report.json"), /^Error: --out \/proc\/x\/report\.json: cannot be created/);
  });

  it("--out under a file: its parent is not a folder", () => {
    expect(statSync("/etc/passwd").isFile()).to.equal(true);
    expectRejected(
      report("--out", "/etc/passwd/x.json"),
      /^Error: --out \/etc\/passwd\/x\.json: cannot be created: \/etc\/passwd is not a folder$/,
    );
  });

  it("--markdown naming an existing folder, with --tests: refused before the tests run", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "hardhat-parallel-markdown-"));
    try {
      const result = report("--markdown", folder, "--tests");
      expectRejected(result, new RegExp(`^Error: --markdown ${folder}: is a folder, not a file$`));
      expect(result.stdout + result.stderr).to.not.match(/passing|failing/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
