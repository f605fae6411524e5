import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { JsonReport } from "../report/json-report-types.ts";
import type { SuiteAnalysis } from "../suite/types.ts";
import type { GateSubject } from "../gate/gate-subject.ts";
import type { RecordingResult } from "../suite/test-suite-recorder.ts";

import { appendFile, mkdir, writeFile } from "node:fs/promises";
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
import { runScript } from "../suite/run-script.ts";
import { runTestSuite } from "../suite/run-test-suite.ts";
import { findSolidityTests } from "../suite/solidity-tests.ts";
import { writeHtmlReport } from "./html-output.ts";
import { writeJsonFile } from "./output-paths.ts";

/** The options of `parallel-report` this flow reads (the task's arguments: ./parallel-report.ts). */
export interface SuiteReportArgs {
  tests: boolean;
  /** --test-runner mocha|nodejs: the one runner --tests runs (default: every one the project has). */
  testRunner?: string;
  /** --script <file>: run this script (as `hardhat run`) instead of the tests. */
  script?: string;
  ci: boolean;
  updateBaseline: boolean;
  markdown?: string;
  noCompile: boolean;
  out?: string;
  html?: string;
  json: boolean;
  top: number;
}

/**
 * Runs the scenario report (the plain `parallel-report` flow, with the same arguments but none of
 * this flow's) and returns its JSON report (undefined when it made none, e.g. --list).
 */
export type ScenarioReportRunner = () => Promise<JsonReport | undefined>;

/**
 * `parallel-report --tests` / `--ci` / `--update-baseline` / `--markdown`.
 *
 * With --tests the project's tests (mocha, node:test) run with capture on, with --script the script;
 * otherwise the scenarios run as usual and the gate reads their JSON report. --ci compares with
 * `parallel.ci` and the baseline: one line per violation and exit code 1. A failing test suite (or
 * script) fails the command too, whatever the gate says.
 */
export default async function parallelReportSuite(
  args: SuiteReportArgs,
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
  let scriptFailed = false;
  if (args.tests || args.script !== undefined) {
    let recording: RecordingResult;
    if (args.script !== undefined) {
      const run = await runScript(hre, { script: args.script, noCompile: args.noCompile });
      recording = run.recording;
      if (run.failed) {
        scriptFailed = true;
        console.error(run.error instanceof Error ? (run.error.stack ?? run.error.message) : run.error);
      }
    } else {
      await noteSolidityTests(hre);
      const run = await runTestSuite(hre, { noCompile: args.noCompile, runner: args.testRunner });
      tests = { passed: run.passed, failed: run.failed };
      recording = run.recording;
    }
    suite = await analyzeRecording(recording, hre);
    subject = subjectFromSuite(suite);
    await writeSuiteReport(suite, args, hre);
    const html = args.html ?? hre.config.parallel.html;
    if (html !== undefined) await writeHtmlReport(hre, path.resolve(root, html), { suite });
  } else {
    subject = subjectFromScenarios(await scenarioReport(runScenarioReport));
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
  if (scriptFailed) {
    console.error(`The script ${args.script} failed: exit code 1`);
    process.exitCode = 1;
  }
}

/** Traces, names and analyses what the tests or the script mined. */
async function analyzeRecording(recording: RecordingResult, hre: HardhatRuntimeEnvironment): Promise<SuiteAnalysis> {
  for (const error of recording.errors) console.error(`hardhat-parallel: could not trace ${error}`);
  const started = performance.now();
  const catalog = await loadContractCatalog(hre.artifacts, hre.config);
  const records = buildCallRecords(recording.chains, catalog);
  const mined = recording.chains.reduce(
    (n, chain) => n + chain.blocks.reduce((m, b) => m + b.transactions.length, 0),
    0,
  );
  const suite = analyzeSuite(records, { mined: mined + recording.untraced, untraced: recording.untraced });
  console.error(
    `hardhat-parallel: ${mined} transactions traced in ${(recording.captureMs / 1000).toFixed(2)} s, ` +
      `analysed in ${((performance.now() - started) / 1000).toFixed(2)} s`,
  );
  return suite;
}

/** Solidity tests run inside EDR, with no JSON-RPC connection to record: say so, and leave them out. */
async function noteSolidityTests(hre: HardhatRuntimeEnvironment): Promise<void> {
  const files = await findSolidityTests(hre.config.paths.tests.solidity, hre.config.paths.sources.solidity);
  if (files.length === 0) return;
  console.error(
    `hardhat-parallel: ${files.length} Solidity test file${files.length === 1 ? "" : "s"} ` +
      `run${files.length === 1 ? "s" : ""} inside EDR without a JSON-RPC connection: not captured (not run)`,
  );
}

async function writeSuiteReport(
  suite: SuiteAnalysis,
  args: SuiteReportArgs,
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
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
    await writeJsonFile(file, report);
    console.error(`JSON report written to ${path.relative(process.cwd(), file)}`);
  }
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else
    console.log(
      "\n" +
        renderSuiteReport(suite, {
          color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
          top: args.top,
        }),
    );
}

/**
 * Runs the scenarios as plain `parallel-report` does and takes its JSON report as the JSON text
 * gives it (as when the gate read it back from a file: a NaN or an infinity reads as null).
 */
async function scenarioReport(run: ScenarioReportRunner): Promise<JsonReport> {
  const report = await run();
  if (report === undefined) throw new Error("internal error: the scenario report made no JSON report");
  return JSON.parse(JSON.stringify(report)) as JsonReport;
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
