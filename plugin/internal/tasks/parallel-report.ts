import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { JsonReport } from "../report/json-report-types.ts";

import path from "node:path";

import { ParallelError } from "../parallel-error.ts";
import { withErrorLine } from "./error-line.ts";
import { checkModelOptionsForSuite, parseModelOptions } from "./model-options.ts";
import { checkOutputPath } from "./output-paths.ts";
import { replayWorkers } from "./replay-workers.ts";

export interface ParallelReportArgs {
  scenario?: string;
  blockSize: number;
  users: number;
  transactions: number;
  seed: number;
  top: number;
  out?: string;
  /** --html <file>: the self-contained HTML report (also `parallel.html`). */
  html?: string;
  json: boolean;
  list: boolean;
  noCompile: boolean;
  /** --execute: replay every captured block on the worker pool; --workers N (0: not given) implies it. */
  execute: boolean;
  workers: number;
  /** --rounds: timed runs of each replayed block, sequential and parallel (the median is reported). */
  rounds: number;
  /** --capture engine|trace: how blocks are captured; --verify-capture: both, compared key by key. */
  capture: string;
  verifyCapture: boolean;
  /** --bal <dir>: write every captured block's EIP-7928 block access list (JSON, RLP, hash) there. */
  bal?: string;
  /** --tests, --ci, --update-baseline, --markdown: handled by ./parallel-report-suite.ts. */
  tests: boolean;
  /** --test-runner mocha|nodejs: the one runner --tests runs; --script <file>: a script instead of the tests. */
  testRunner?: string;
  script?: string;
  ci: boolean;
  updateBaseline: boolean;
  markdown?: string;
  /** --blocks <from>..<to>: analyse blocks already on the node of --network (no scenario). */
  blocks?: string;
  /** --resume: with --blocks and --out, continue from `<out>.blocks.jsonl` (./blocks-trace-file.ts). */
  resume: boolean;
  /** --rpc-concurrency <n>: reads in flight at a time on a node over HTTP (a positive integer; default 4). */
  rpcConcurrency?: string;
  /** --model <names>, --shards <list>: the execution models (./model-options.ts); --explain <function>. */
  model?: string;
  shards?: string;
  explain?: string;
}

export default withErrorLine<ParallelReportArgs, HardhatRuntimeEnvironment>(run);

/**
 * The plain flow, or the suite/gate flow (which runs this one for the scenarios' report). Returns the
 * JSON report of the plain flow (none for --list). `forGate`: the gate reads the report; it goes to
 * --out only, not to the config's `out`.
 */
async function run(
  args: ParallelReportArgs,
  hre: HardhatRuntimeEnvironment,
  forGate = false,
): Promise<JsonReport | undefined> {
  const root = hre.config.paths.root;
  const out = forGate ? args.out : (args.out ?? hre.config.parallel.out);
  if (out !== undefined) await checkOutputPath("--out", path.resolve(root, out), "file");
  const html = args.html ?? hre.config.parallel.html;
  if (html !== undefined) await checkOutputPath("--html", path.resolve(root, html), "file");
  if (args.bal !== undefined) await checkOutputPath("--bal", path.resolve(root, args.bal), "folder");
  if (args.markdown !== undefined) await checkOutputPath("--markdown", path.resolve(root, args.markdown), "file");
  const workers = replayWorkers(args, hre.config.parallel.workers);
  const recorded = args.tests || args.script !== undefined;
  if (args.tests && args.script !== undefined)
    throw new ParallelError("--tests and --script record different runs: use one of them");
  if (args.testRunner !== undefined && !args.tests)
    throw new ParallelError("--test-runner picks the runner of --tests");
  if (recorded && workers !== undefined)
    throw new ParallelError(`--execute and --workers replay scenarios, not ${args.tests ? "--tests" : "--script"}`);
  if (recorded) checkModelOptionsForSuite(args);
  const models = parseModelOptions(args.model, args.shards);
  if (recorded || args.ci || args.updateBaseline || args.markdown !== undefined) {
    const { default: parallelReportSuite } = await import("./parallel-report-suite.ts");
    const scenarioArgs = {
      ...args,
      tests: false,
      script: undefined,
      ci: false,
      updateBaseline: false,
      markdown: undefined,
    };
    await parallelReportSuite(args, hre, () => run(scenarioArgs, hre, true));
    return undefined;
  }
  // The scenario flow and what it brings along (the engine, the worker pool) load only when it runs.
  const { reportScenarios } = await import("./report-scenarios.ts");
  return reportScenarios(args, hre, { out, html, workers, models });
}
