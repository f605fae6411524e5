import type { JsonReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { MODEL_NAMES } from "../../plugin/internal/analyze/models/model-types.ts";
import { ParallelError } from "../../plugin/internal/parallel-error.ts";
import { parseModelOptions } from "../../plugin/internal/tasks/model-options.ts";
import { REPO_ROOT, runHardhat, writeProject } from "../helpers/fixture-project.ts";

const SIZES = ["--users", "10", "--transactions", "20", "--block-size", "10"];

/** The lines of `text` that start with "Error" (Hardhat may add a stack trace under CI=true). */
const errorLines = (text: string): string[] => text.split("\n").filter((line) => line.startsWith("Error"));

/** `--model`, `--shards` and `--explain` on the real task, on the bundled hot-counter scenario. */
describe("parallel-report --model, --shards, --explain", function () {
  this.timeout(300_000);
  let dir: string;

  before(() => {
    dir = writeProject({});
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("computes the models asked for, and --explain names the variable responsible", () => {
    const out = path.join(dir, "models.json");
    const run = runHardhat(REPO_ROOT, [
      "parallel-report",
      "--scenario",
      "hot-counter",
      ...SIZES,
      "--model",
      "optimistic,locks,sharded",
      "--shards",
      "2,4",
      "--explain",
      "HotCounter.deposit",
      "--out",
      out,
    ]);
    expect(run.status, run.stderr).to.equal(0);
    const report: JsonReport = JSON.parse(readFileSync(out, "utf8"));
    const { models } = report.scenarios[0];
    expect(report.options).to.deep.include({ models: ["optimistic", "locks", "sharded"], shards: [2, 4] });
    expect(models?.models).to.deep.equal(["optimistic", "locks", "sharded"]);
    expect(models?.summary.map((f) => f.model)).to.deep.equal(["optimistic", "locks"]);
    expect(models?.sharded?.map((s) => `${s.placement} ${s.shards}`)).to.deep.equal([
      "hash 2",
      "hash 4",
      "partition 2",
      "partition 4",
    ]);
    // Every deposit read-modify-writes the counter: under both graph models one chain, limited by dependencies.
    for (const figures of models!.summary) {
      expect(figures.speedups.map((s) => s.limit)).to.deep.equal(Array(5).fill("dependencies"));
      expect(figures.keys.map((k) => k.name)).to.include("HotCounter.depositCount");
    }

    const text = run.stdout;
    expect(text).to.include("  Execution models (speedup on k threads: Σ gas / Σ makespan)");
    expect(text).to.match(/^ {4}optimistic \(Block-STM\)\s+1\.\d\d×/m);
    expect(text).to.match(/^ {4}hash\s+4\s+/m);
    // The explanation comes after the report (the Blocks table), for the function matched without its types.
    const explain = text.slice(text.indexOf("Explain HotCounter.deposit() in scenario hot-counter: 20 txs"));
    expect(explain.length, text).to.be.lessThan(text.length);
    expect(text.indexOf("  Blocks")).to.be.lessThan(text.indexOf("Explain HotCounter.deposit()"));
    expect(explain).to.match(/^ {2}optimistic \(Block-STM\): S2 /m);
    expect(explain).to.match(/^ {4}limit: dependencies at k = 2–32$/m);
    expect(explain).to.match(/^ {6}HotCounter\.depositCount: \d+ conflicts \(raw \d+, waw \d+, war \d+\)$/m);
    expect(explain).to.match(/^ {2}locks, declared = actual: /m);
    expect(explain).to.match(/^ {4}hash, 2 shards: 0\/20 txs cross-shard \(0\.0%\)/m);
  });

  it("--explain of an unknown function: the report is printed and written, then one Error line, exit 1", () => {
    const out = path.join(dir, "unknown.json");
    const run = runHardhat(REPO_ROOT, [
      "parallel-report",
      "--scenario",
      "hot-counter",
      ...SIZES,
      "--model",
      "optimistic",
      "--explain",
      "Nope.nope",
      "--out",
      out,
      "--no-compile",
    ]);
    expect(run.status).to.equal(1);
    expect(run.stdout).to.include("Scenario hot-counter: ");
    expect(existsSync(out)).to.equal(true);
    expect(errorLines(run.stderr)).to.deep.equal([
      "Error: --explain Nope.nope: no such function in the report's execution models; " +
        "functions: HotCounter.deposit()",
    ]);
  });

  it("bad --model / --shards: one Error line listing the valid values, exit 1, before any scenario runs", () => {
    const valid = `valid models: ${MODEL_NAMES.join(", ")}`;
    const cases: Array<[string[], string]> = [
      [["--model", "nope"], `Error: --model: unknown model "nope" (${valid})`],
      [["--shards", "1"], 'Error: --shards takes comma-separated shard counts, integers from 2 to 1024 (got "1")'],
      [
        ["--tests", "--model", "optimistic"],
        "Error: --model: execution models are computed for scenarios and --blocks, not --tests/--script",
      ],
    ];
    for (const [args, line] of cases) {
      const run = runHardhat(REPO_ROOT, ["parallel-report", ...args, "--no-compile"]);
      expect(run.status, run.stderr).to.equal(1);
      expect(errorLines(run.stderr)).to.deep.equal([line]);
      expect(run.stdout).to.not.include("Scenario ");
    }
  });

  it("parses --model and --shards (in process)", () => {
    expect(parseModelOptions(undefined, undefined)).to.deep.equal({ models: [...MODEL_NAMES], shards: [2, 4, 8] });
    expect(parseModelOptions(" sharded, bal ,bal", "8,2, 8")).to.deep.equal({
      models: ["bal", "sharded"],
      shards: [2, 8],
    });
    for (const shards of ["", "0", "2,x", "2.5", "-4", "1025"]) {
      expect(() => parseModelOptions(undefined, shards), shards).to.throw(ParallelError, /^--shards takes/);
    }
    expect(() => parseModelOptions("optimistic,nope,Locks", undefined)).to.throw(
      ParallelError,
      '--model: unknown models "nope", "Locks" (valid models:',
    );
    expect(() => parseModelOptions(",", undefined)).to.throw(
      ParallelError,
      "--model takes comma-separated model names",
    );
  });
});
