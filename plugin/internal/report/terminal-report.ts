import type { ScenarioAnalysis } from "../analyze/types.ts";
import { createPalette, type Palette } from "./ansi.ts";
import { formatCount, formatPercent, formatScore, formatSpeedup } from "./format-figures.ts";
import type { JsonReport } from "./json-report-types.ts";
import { executionSection } from "./terminal-execution.ts";
import { hotspotList } from "./terminal-hotspots.ts";
import { modelsSection } from "./terminal-models.ts";
import { predictedAccessSection } from "./terminal-predicted.ts";
import { blockTable, conflictColor, contractTable, functionTable, scoreColor, speedupAt } from "./terminal-tables.ts";

export interface TerminalReportOptions {
  /** ANSI colours (pass `process.stdout.isTTY && !process.env.NO_COLOR`). */
  color: boolean;
  /** Rows shown per table. */
  top: number;
}

/**
 * Per scenario: a summary line, contract and function tables, hotspots, predicted access lists (engine
 * capture), the execution models (`--model`), a per-block summary, and the measured execution when the
 * blocks were replayed.
 */
export function renderTerminalReport(report: JsonReport, options: TerminalReportOptions): string {
  const palette = createPalette(options.color);
  if (report.scenarios.length === 0) return "No scenario was analysed.";
  const top = Math.max(1, options.top);
  return report.scenarios
    .map((scenario) =>
      [
        summaryLine(scenario, palette),
        contractTable(scenario.contracts, palette, top),
        functionTable(scenario.functions, palette, top),
        hotspotList(scenario.hotspots, palette, top),
        ...(scenario.predictedAccess === undefined
          ? []
          : [predictedAccessSection(scenario.predictedAccess, palette, top)]),
        ...(scenario.models === undefined ? [] : [modelsSection(scenario.models, palette, top)]),
        blockTable(scenario.blocks, palette, top),
        ...(scenario.execution === undefined ? [] : [executionSection(scenario.execution, palette, top)]),
      ].join("\n\n"),
    )
    .join("\n\n\n");
}

function summaryLine(scenario: ScenarioAnalysis, palette: Palette): string {
  const f = scenario.summary;
  const conflict = conflictColor(f.conflictRate, palette);
  return [
    `${palette.bold(`Scenario ${scenario.scenario}`)}: ` +
      `${formatCount(scenario.blocks.length)} block${scenario.blocks.length === 1 ? "" : "s"}, ` +
      `${formatCount(f.transactions)} tx${f.transactions === 1 ? "" : "s"}`,
    `conflict ${conflict(formatPercent(f.conflictRate))} (contract ${formatPercent(f.contractConflictRate)})`,
    `score ${scoreColor(f.score, palette)(formatScore(f.score))}`,
    `S∞ ${formatSpeedup(f.idealSpeedup)}`,
    `S8 ${formatSpeedup(speedupAt(f, 8))}`,
    `S32 ${formatSpeedup(speedupAt(f, 32))}`,
  ].join(" · ");
}
