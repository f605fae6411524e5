import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Scenario, ScenarioSizes } from "../../scenario.ts";
import type { CatalogEntry } from "../capture/contract-catalog.ts";
import type { CaptureResult } from "../capture/types.ts";
import type { CaptureOptions } from "../workload/run-scenario.ts";
import type { Eip1193Provider } from "../rpc/index.ts";
import type { BlockReplay, ReplayPool } from "../replay/index.ts";
import type { ScenarioReport } from "../report/json-report-types.ts";
import type { ModelOptions } from "../analyze/models/model-types.ts";
import type { progressLine } from "../report/progress-line.ts";

import { analyzeCapture } from "../analyze/analyze-capture.ts";
import { balSummary, blockAccessList, writeBlockAccessLists } from "../bal/index.ts";
import { replayCapture } from "../replay/index.ts";
import { type CaptureDifference, differenceLine } from "../produce/index.ts";
import { mismatchLine } from "../report/mismatch-line.ts";
import { scenarioExecution } from "../report/scenario-execution.ts";
import { runScenario } from "../workload/run-scenario.ts";

export interface ScenarioOutcome {
  report: ScenarioReport;
  /** Set when the replay found mismatches: the command fails after the report is out. */
  failure?: string;
}

/**
 * One scenario of the plain `parallel-report` flow: workload + capture, the replay of its blocks on
 * `pool` while its network is still open (when a pool is given), then the analysis. Progress and
 * timings go to `progress` (stderr). A scenario failure throws ParallelError.
 */
export async function reportScenario(
  hre: HardhatRuntimeEnvironment,
  scenario: Scenario,
  sizes: ScenarioSizes,
  seed: number,
  catalog: CatalogEntry[],
  progress: ReturnType<typeof progressLine>,
  pool: ReplayPool | undefined,
  captureOptions: Omit<CaptureOptions, "onFallback"> & {
    balDir?: string;
    accessNames?: boolean;
    models?: ModelOptions;
  },
): Promise<ScenarioOutcome> {
  const started = performance.now();
  let captured: number | undefined;
  let replays: BlockReplay[] | undefined;
  const replay =
    pool === undefined
      ? undefined
      : async (capture: CaptureResult, provider: Eip1193Provider) => {
          captured = performance.now();
          replays = await replayCapture(capture, provider, pool, (done, total) =>
            progress.update(`${scenario.name}: executing on ${pool.workers} workers ${done}/${total} tx`),
          );
        };
  const fallbacks: string[] = [];
  const onFallback = (line: string) => {
    fallbacks.push(line);
    progress.done(`${scenario.name}: ${line}`);
  };
  const { capture, differences } = await runScenario(
    hre,
    scenario,
    sizes,
    seed,
    catalog,
    { ...captureOptions, onFallback, onNotice: (line) => progress.done(line) },
    (p) =>
      progress.update(
        `${scenario.name}: ${p.phase}` +
          (p.total !== undefined ? ` ${p.done}/${p.total} tx` : p.done > 0 ? ` ${p.done} tx` : "") +
          (p.blocks !== undefined ? `, ${p.blocks} blocks mined` : ""),
      ),
    replay,
  );
  const replayed = performance.now();
  captured ??= replayed;
  progress.update(`${scenario.name}: analysing ${capture.blocks.length} blocks`);
  const count = capture.blocks.reduce((n, b) => n + b.transactions.length, 0);
  const captureSummary = {
    mode: captureOptions.mode,
    engineBlocks: capture.blocks.filter((block) => block.capturedBy === "engine").length,
    tracedBlocks: capture.blocks.filter((block) => block.capturedBy !== "engine").length,
    fallbacks: capture.blocks.flatMap((b) =>
      b.fallbackReason === undefined ? [] : [{ block: b.number, reason: b.fallbackReason }],
    ),
    msPerTransaction: Math.round(((captured - started) / Math.max(count, 1)) * 1000) / 1000,
    ...(captureOptions.verify ? { differences } : {}),
  };
  const analyzed = analyzeCapture(capture, {
    accessNames: captureOptions.accessNames,
    models: captureOptions.models,
  });
  const byNumber = new Map(capture.blocks.map((block) => [block.number, block]));
  for (const block of analyzed.blocks) block.bal = balSummary(blockAccessList(byNumber.get(block.number)!));
  const builder = analyzed.models?.builder;
  if (builder !== undefined) builder.balBytes = analyzed.blocks.reduce((sum, block) => sum + block.bal!.bytes, 0);
  const analysis = { ...analyzed, capture: captureSummary };
  let balFailure: string | undefined;
  if (captureOptions.balDir !== undefined) {
    try {
      const files = writeBlockAccessLists(captureOptions.balDir, scenario.name, capture.blocks);
      progress.done(
        `${scenario.name}: block access lists (EIP-7928) of ${files.length / 3} blocks ` +
          `written to ${captureOptions.balDir}`,
      );
    } catch (error) {
      balFailure = `Scenario "${scenario.name}": could not write block access lists: ${(error as Error).message}`;
    }
  }
  const execution = replays === undefined ? undefined : scenarioExecution(pool!.workers, replays, analysis);
  const analysed = performance.now();
  progress.done(
    `${scenario.name}: ${count} transactions in ${capture.blocks.length} blocks ` +
      `(workload + capture ${seconds(captured - started)}, ` +
      `${((captured - started) / Math.max(count, 1)).toFixed(1)} ms/tx; ` +
      (execution === undefined ? "" : `execution ${seconds(replayed - captured)}; `) +
      `analysis ${seconds(analysed - replayed)})`,
  );
  const captureFailure = differenceFailure(scenario.name, differences) ?? balFailure;
  if (execution === undefined) return { report: analysis, failure: captureFailure };
  const report = { ...analysis, execution };
  const mismatches = execution.blocks.flatMap((block) => block.mismatches);
  if (mismatches.length === 0) return { report, failure: captureFailure };
  return {
    report,
    failure:
      `Scenario "${scenario.name}": ${mismatches.length} execution mismatch${mismatches.length === 1 ? "" : "es"} ` +
      `with the Hardhat network; first: ${mismatchLine(mismatches[0])}`,
  };
}

/** `--verify-capture`: each difference in red on stderr (at most 50), and the failure line. */
function differenceFailure(scenario: string, differences: CaptureDifference[]): string | undefined {
  if (differences.length === 0) return undefined;
  const red = process.stderr.isTTY === true && process.env.NO_COLOR === undefined;
  for (const difference of differences.slice(0, 50)) {
    const line = differenceLine(difference);
    console.error(red ? `\x1b[31m${line}\x1b[0m` : line);
  }
  if (differences.length > 50) console.error(`… ${differences.length - 50} more in the JSON report`);
  return (
    `Scenario "${scenario}": ${differences.length} difference${differences.length === 1 ? "" : "s"} between engine ` +
    `and trace capture; first: ${differenceLine(differences[0])}`
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
