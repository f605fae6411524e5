import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Scenario, ScenarioSizes } from "../../scenario.ts";
import type { CatalogEntry } from "../capture/contract-catalog.ts";
import type { CaptureResult } from "../capture/types.ts";
import type { Eip1193Provider } from "../rpc/index.ts";
import type { BlockReplay, ReplayPool } from "../replay/index.ts";
import type { ScenarioReport } from "../report/json-report-types.ts";
import type { progressLine } from "../report/progress-line.ts";

import { analyzeCapture } from "../analyze/analyze-capture.ts";
import { replayCapture } from "../replay/index.ts";
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
  const capture = await runScenario(
    hre,
    scenario,
    sizes,
    seed,
    catalog,
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
  const analysis = analyzeCapture(capture);
  const execution = replays === undefined ? undefined : scenarioExecution(pool!.workers, replays, analysis);
  const analysed = performance.now();
  const count = capture.blocks.reduce((n, b) => n + b.transactions.length, 0);
  progress.done(
    `${scenario.name}: ${count} transactions in ${capture.blocks.length} blocks ` +
      `(workload + capture ${seconds(captured - started)}, ${((captured - started) / Math.max(count, 1)).toFixed(1)} ms/tx; ` +
      (execution === undefined ? "" : `execution ${seconds(replayed - captured)}; `) +
      `analysis ${seconds(analysed - replayed)})`,
  );
  if (execution === undefined) return { report: analysis };
  const report = { ...analysis, execution };
  const mismatches = execution.blocks.flatMap((block) => block.mismatches);
  if (mismatches.length === 0) return { report };
  return {
    report,
    failure:
      `Scenario "${scenario.name}": ${mismatches.length} execution mismatch${mismatches.length === 1 ? "" : "es"} ` +
      `with the Hardhat network; first: ${mismatchLine(mismatches[0])}`,
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
