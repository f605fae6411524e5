import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { JsonReport } from "../report/json-report-types.ts";
import type { SuiteAnalysis } from "../suite/types.ts";
import type { GateSubject } from "../gate/gate-subject.ts";
import type { ParallelReportArgs } from "./parallel-report.ts";

import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { loadContractCatalog } from "../capture/contract-catalog.ts";
import { baselineOf, readBaseline, writeBaseline } from "../gate/baseline-file.ts";
import { type GateResult, findViolations } from "../gate/find-violations.ts";
import { githubAnnotations } from "../gate/github-annotations.ts";
import { renderMarkdownSummary } from "../gate/markdown-summary.ts";
import { subjectFromScenarios } from "../gate/subject-from-scenarios.ts";
import { subjectFromSuite } from "../gate/subject-from-suite.ts";
import { pluginVersion } from "../plugin-version.ts";
import { analyzeSuite } from "../suite/analyze-suite.ts";
import { buildCallRecords } from "../suite/call-records.ts";
import { renderSuiteReport } from "../suite/render-suite-report.ts";
import { runTestSuite } from "../suite/run-test-suite.ts";

/** Runs the scenario report (the plain `parallel-report` flow) with the given arguments. */
export type ScenarioReportRunner = (args: ParallelReportArgs) => Promise<void>;

/**
 * `parallel-report --tests` / `--ci` / `--update-baseline` / `--markdown`.
 *
 * With --tests the project's mocha tests run with capture on; otherwise the scenarios run as usual
 * and the gate reads their JSON report. --ci compares with `parallel.ci` and the baseline: one line
 * per violation and exit code 1. A failing test suite fails the command too, whatever the gate says.
 */
export default async function parallelReportSuite(
  args: ParallelReportArgs,
  hre: HardhatRuntimeEnvironment,
  runScenarioReport: ScenarioReportRunner,
): Promise<void> {
  const root = hre.config.paths.root;
  const ci = hre.config.parallel.ci;
  const baselineFile = path.resolve(root, ci.baseline);
  const baselineName = path.relative(root, baselineFile) || ci.baseline;

  let subject: GateSubject;
  let suite: SuiteAnalysis | null = null;
  let tests: { passed: boolean; failed: number | null } | null = null;
  if (args.tests) {
    const run = await runTestSuite(hre, { noCompile: args.noCompile });
    tests = { passed: run.passed, failed: run.failed };
    for (const error of run.recording.errors) console.error(`hardhat-parallel: could not trace ${error}`);
    const started = performance.now();
    const catalog = await loadContractCatalog(hre.artifacts);
    const records = buildCallRecords(run.recording.chains, catalog);
    const mined = run.recording.chains.reduce((n, chain) => n + chain.blocks.reduce((m, b) => m + b.transactions.length, 0), 0);
    suite = analyzeSuite(records, { mined: mined + run.recording.untraced, untraced: run.recording.untraced });
    console.error(
      `hardhat-parallel: ${mined} transactions traced in ${(run.recording.captureMs / 1000).toFixed(2)} s, ` +
        `analysed in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
    subject = subjectFromSuite(suite);
    await writeSuiteReport(suite, args, hre);
  } else {
    subject = subjectFromScenarios(await scenarioReport(args, root, runScenarioReport));
  }

  const baseline = await readBaseline(baselineFile);
  let gate: GateResult | null = null;
  if (args.ci) {
    gate = findViolations(subject, ci, baseline, { baselineFile: baselineName, acceptHotspots: args.updateBaseline });
    if (process.env.GITHUB_ACTIONS === "true") {
      for (const line of githubAnnotations(gate.violations, root, process.env.GITHUB_WORKSPACE)) console.log(line);
    }
  }
  if (args.updateBaseline) {
    await writeBaseline(baselineFile, baselineOf(subject, new Date().toISOString()));
    console.error(`Baseline written to ${baselineName} (${subject.hotspots.length} hotspots accepted)`);
  }
  await writeMarkdown(renderMarkdownSummary({ subject, gate, baseline, suite, tests }), args.markdown, root);

  if (gate !== null) {
    // The gate's verdict is part of the report (stdout), except when stdout is the JSON report.
    const print = args.json ? console.error : console.log;
    print("");
    for (const note of gate.notes) print(`note: ${note}`);
    if (gate.violations.length === 0) print("parallel gate: passed");
    else {
      print(`parallel gate: ${gate.violations.length} violation${gate.violations.length === 1 ? "" : "s"}`);
      for (const violation of gate.violations) print(`  ✗ ${violation.message}`);
      process.exitCode = 1;
    }
  }
  if (tests !== null && !tests.passed) {
    console.error(`The test suite failed${tests.failed === null ? "" : ` (${tests.failed} failing)`}: exit code 1`);
    process.exitCode = 1;
  }
}

async function writeSuiteReport(suite: SuiteAnalysis, args: ParallelReportArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  const report = {
    schemaVersion: 1,
    kind: "test-suite",
    generator: { name: "hardhat-parallel", version: pluginVersion() },
    generatedAt: new Date().toISOString(),
    suite,
  };
  const out = args.out ?? hre.config.parallel.out;
  if (out !== undefined) {
    const file = path.resolve(hre.config.paths.root, out);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(report, null, 2) + "\n");
    console.error(`JSON report written to ${path.relative(process.cwd(), file)}`);
  }
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else console.log("\n" + renderSuiteReport(suite, { color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined, top: args.top }));
}

/** Runs the scenarios as plain `parallel-report` does and reads back its JSON report. */
async function scenarioReport(args: ParallelReportArgs, root: string, run: ScenarioReportRunner): Promise<JsonReport> {
  const temporary = args.out === undefined ? await mkdtemp(path.join(tmpdir(), "hardhat-parallel-")) : undefined;
  const out = args.out ?? path.join(temporary!, "report.json");
  try {
    await run({ ...args, tests: false, ci: false, updateBaseline: false, markdown: undefined, out });
    return JSON.parse(await readFile(path.resolve(root, out), "utf8")) as JsonReport;
  } finally {
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  }
}

/** To --markdown (replaced) and to GitHub's job summary (appended) when running there. */
async function writeMarkdown(markdown: string, file: string | undefined, root: string): Promise<void> {
  if (file !== undefined) {
    const target = path.resolve(root, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, markdown);
    console.error(`Markdown summary written to ${path.relative(process.cwd(), target)}`);
  }
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary !== undefined && summary !== "") await appendFile(summary, markdown);
}
