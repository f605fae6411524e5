import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { ScenarioSizes } from "../../scenario.ts";
import type { ModelOptions } from "../analyze/models/model-types.ts";
import type { JsonReport, ScenarioReport } from "../report/json-report-types.ts";
import type { ParallelReportArgs } from "./parallel-report.ts";

import path from "node:path";

import { loadContractCatalog } from "../capture/contract-catalog.ts";
import { ReplayPool } from "../replay/index.ts";
import { ParallelError } from "../parallel-error.ts";
import { buildJsonReport } from "../report/json-report.ts";
import { renderTerminalReport } from "../report/terminal-report.ts";
import { progressLine } from "../report/progress-line.ts";
import { resolveScenarios } from "../workload/scenario-loader.ts";
import { checkWorkloadNetwork, configureWorkloadRpc } from "../workload/workload-network.ts";
import { hardhatVersion } from "../hardhat-version.ts";
import { pluginVersion } from "../plugin-version.ts";
import { writeHtmlReport } from "./html-output.ts";
import { printExplanation } from "./model-options.ts";
import { writeJsonFile } from "./output-paths.ts";
import { parseBlockRange, reportBlocks } from "./report-blocks.ts";
import { reportScenario } from "./report-scenario.ts";

const FALLBACK_SIZES: ScenarioSizes = { users: 20, transactions: 200, blockSize: 100 };

/** What parallel-report.ts has settled before the scenario flow starts. */
export interface ScenarioFlowSettings {
  /** --out (or the config's `out`), --html: relative to the project root, already checked. */
  out?: string;
  html?: string;
  /** Replay workers (--execute / --workers), undefined without a replay. */
  workers?: number;
  models: ModelOptions;
}

/**
 * The plain flow of parallel-report: runs the scenarios (or analyses --blocks of a node), captures and
 * analyses their blocks, replays them with --execute, prints the report and writes --out / --html.
 */
export async function reportScenarios(
  args: ParallelReportArgs,
  hre: HardhatRuntimeEnvironment,
  { out, html, workers, models }: ScenarioFlowSettings,
): Promise<JsonReport | undefined> {
  const root = hre.config.paths.root;
  const config = hre.config.parallel;
  const option = (name: string, value: number) => {
    if (value === 0) return undefined;
    if (!Number.isInteger(value) || value < 0)
      throw new ParallelError(`--${name} must be a positive integer (got ${value})`);
    return value;
  };
  const cli = {
    users: option("users", args.users),
    transactions: option("transactions", args.transactions),
    blockSize: option("block-size", args.blockSize),
  };
  const seed = args.seed;
  if (!Number.isInteger(args.top) || args.top <= 0)
    throw new ParallelError(`--top must be a positive integer (got ${args.top})`);
  const top = args.top;
  if (!Number.isInteger(args.rounds) || args.rounds <= 0) {
    throw new ParallelError(`--rounds must be a positive integer (got ${args.rounds})`);
  }
  const rounds = args.rounds;
  const rpcConcurrency = Number(args.rpcConcurrency ?? 4);
  if (!/^\s*\d+\s*$/.test(String(args.rpcConcurrency ?? 4)) || rpcConcurrency <= 0) {
    throw new ParallelError(`--rpc-concurrency must be a positive integer (got "${args.rpcConcurrency}")`);
  }
  configureWorkloadRpc(rpcConcurrency);
  if (args.capture !== "engine" && args.capture !== "trace") {
    throw new ParallelError(`--capture must be "engine" or "trace" (got "${args.capture}")`);
  }
  if (args.verifyCapture && args.capture === "trace") {
    throw new ParallelError("--verify-capture compares engine capture with trace capture: leave out --capture trace");
  }
  const nodeUrl = await checkWorkloadNetwork(hre, args.blocks !== undefined, (line) =>
    process.stderr.write(`${line}\n`),
  );
  if (nodeUrl !== undefined && args.verifyCapture) {
    throw new ParallelError("--verify-capture needs the in-process network: on --network <http> blocks are traced");
  }
  const balDir = args.bal === undefined ? undefined : path.resolve(root, args.bal);
  const captureOptions = {
    mode: nodeUrl !== undefined ? "trace" : args.capture,
    verify: args.verifyCapture,
    balDir,
    accessNames: html !== undefined,
    models,
  } as const;
  const specs = args.scenario !== undefined ? splitList(args.scenario) : config.scenarios;
  const range = args.blocks === undefined ? undefined : parseBlockRange(args.blocks);
  if (range !== undefined && (nodeUrl === undefined || args.scenario !== undefined)) {
    throw new ParallelError("--blocks analyses blocks of a node: give --network <http network>, no --scenario");
  }
  if (args.resume && (range === undefined || out === undefined)) {
    throw new ParallelError("--resume continues a --blocks run that wrote --out: give --blocks and --out");
  }
  const scenarios =
    range === undefined ? await resolveScenarios(specs, path.resolve(root, config.scenariosDir), root) : [];

  if (args.list) {
    const width = Math.max(...scenarios.map(({ scenario }) => scenario.name.length));
    for (const { scenario } of scenarios) console.log(`${scenario.name.padEnd(width)}  ${scenario.description}`);
    return undefined;
  }
  if (!args.noCompile) await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  const catalog = await loadContractCatalog(hre.artifacts, hre.config);

  const analyses: ScenarioReport[] = [];
  const failures: string[] = [];
  const progress = progressLine(process.stderr);
  const pool = workers === undefined ? undefined : new ReplayPool(workers, rounds);
  try {
    if (range !== undefined) {
      const network = hre.globalOptions.network!;
      progress.update(`${network}: tracing blocks ${range.from}..${range.to}`);
      const rpc = {
        concurrency: rpcConcurrency,
        onProgress: (traced: number, total: number) => {
          if (process.stderr.isTTY) progress.update(`${network}: traced ${traced}/${total} blocks`);
        },
        onNotice: (line: string) => progress.done(line),
      };
      // Ctrl-C (or SIGTERM) stops the tracing, not the run: what was traced is still reported and written.
      const stop = new AbortController();
      const onSignal = () => {
        if (!stop.signal.aborted) progress.done(`${network}: stopping after the blocks being traced`);
        stop.abort();
      };
      process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
      try {
        const { report, failure } = await reportBlocks(hre, network, range, catalog, {
          accessNames: html !== undefined,
          models,
          rpc,
          pool,
          onReplayProgress: (done, total) =>
            progress.update(`${network}: executing on ${pool!.workers} workers ${done}/${total} tx`),
          out: out === undefined ? undefined : { file: path.resolve(root, out), resume: args.resume },
          signal: stop.signal,
        });
        analyses.push(report);
        if (failure !== undefined) failures.push(failure);
        else progress.done(`${network}: blocks ${range.from}..${range.to} traced and analysed`);
      } finally {
        process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
      }
    }
    for (const { scenario } of scenarios) {
      const sizes: ScenarioSizes = {
        users: cli.users ?? config.users ?? scenario.defaults?.users ?? FALLBACK_SIZES.users,
        transactions:
          cli.transactions ?? config.transactions ?? scenario.defaults?.transactions ?? FALLBACK_SIZES.transactions,
        blockSize: cli.blockSize ?? config.blockSize ?? scenario.defaults?.blockSize ?? FALLBACK_SIZES.blockSize,
      };
      try {
        const { report, failure } = await reportScenario(
          hre,
          scenario,
          sizes,
          seed,
          catalog,
          progress,
          pool,
          captureOptions,
        );
        analyses.push(report);
        if (failure !== undefined) failures.push(failure);
      } catch (error) {
        if (!(error instanceof ParallelError)) throw error;
        progress.done(`${scenario.name}: failed`);
        failures.push(error.message);
      }
    }
  } finally {
    await pool?.terminate();
  }

  const report = buildJsonReport(analyses, {
    hardhatVersion: hardhatVersion(),
    pluginVersion: pluginVersion(),
    generatedAt: new Date().toISOString(),
    options: {
      scenarios: range === undefined ? scenarios.map(({ scenario }) => scenario.name) : [hre.globalOptions.network!],
      ...cli,
      seed,
      capture: captureOptions.mode,
      verifyCapture: args.verifyCapture,
      workers,
      rounds: workers === undefined ? undefined : rounds,
      models: models.models,
      shards: models.models.includes("sharded") ? models.shards : undefined,
    },
  });
  // The report is out before anything is written: a write that still fails loses nothing.
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else console.log(renderTerminalReport(report, { color: useColor(), top }));
  const explained =
    args.explain === undefined ? undefined : printExplanation(report, args.explain, args.json, useColor());
  if (explained !== undefined) failures.push(explained);
  if (out !== undefined) {
    const file = path.resolve(root, out);
    try {
      await writeJsonFile(file, report);
      console.error(`JSON report written to ${path.relative(process.cwd(), file)}`);
    } catch (error) {
      failures.push(`could not write the JSON report to ${file}: ${(error as Error).message}`);
    }
  }
  if (html !== undefined) {
    const file = path.resolve(root, html);
    try {
      await writeHtmlReport(hre, file, { report });
    } catch (error) {
      failures.push(`could not write the HTML report to ${file}: ${(error as Error).message}`);
    }
  }

  if (failures.length > 0) {
    throw new ParallelError(failures.join("\nError: "));
  }
  return report;
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function useColor(): boolean {
  return process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
}
