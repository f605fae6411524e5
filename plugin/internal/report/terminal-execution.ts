import type { BlockReplay, ScenarioExecution } from "../replay/index.ts";
import type { Palette } from "./ansi.ts";

import { formatCount, formatSpeedup } from "./format-figures.ts";
import { mismatchLine } from "./mismatch-line.ts";
import { section } from "./terminal-tables.ts";

/** Mismatch lines printed per scenario; the JSON report lists them all. */
const MAX_MISMATCH_LINES = 50;

/**
 * The "Execution" section of a scenario: measured sequential vs parallel wall time per block, next
 * to the predicted S_k (k = workers), then one loud line per mismatch.
 */
export function executionSection(execution: ScenarioExecution, palette: Palette, top: number): string {
  const k = execution.workers;
  const header = [
    "Block",
    "Txs",
    "Seq ms",
    "Par ms",
    "Speedup",
    `S${k} predicted`,
    "Re-executed",
    "Mismatches",
    "Mode",
  ];
  const t = execution.totals;
  const rows = execution.blocks
    .slice(0, top)
    .map((block) => row(String(block.number), block, block.mismatches.length, mode(block, palette), palette));
  const withTotal = execution.blocks.length > 1;
  if (withTotal) {
    const fellBack = t.fellBackBlocks > 0 ? palette.yellow(`${t.fellBackBlocks} fell back`) : "";
    rows.push(row("all", t, t.mismatches, fellBack, palette));
  }
  const title =
    `Execution on ${k} worker${k === 1 ? "" : "s"}: speedup ${formatSpeedup(t.speedup)}` +
    (t.predictedSpeedup === null ? "" : ` (predicted S${k} ${formatSpeedup(t.predictedSpeedup)})`) +
    `, ${reasonsText(t.reasons)}`;
  const align = ["right", "right", "right", "right", "right", "right", "right", "right", "left"] as const;
  const table = section(title, header, rows, align, execution.blocks.length + (withTotal ? 1 : 0), palette);
  const mismatches = execution.blocks.flatMap((block) => block.mismatches);
  const lines = mismatches.slice(0, MAX_MISMATCH_LINES).map((m) => "  " + palette.red(palette.bold(mismatchLine(m))));
  if (mismatches.length > MAX_MISMATCH_LINES) {
    const more = mismatches.length - MAX_MISMATCH_LINES;
    lines.push("  " + palette.red(`… ${more} more mismatches (all of them are in the JSON report)`));
  }
  return [table, ...lines].join("\n");
}

type Measured = Pick<
  BlockReplay,
  | "transactions"
  | "sequentialMs"
  | "parallelMs"
  | "speedup"
  | "predictedSpeedup"
  | "reexecutions"
  | "reexecutedTransactions"
>;

function row(label: string, block: Measured, mismatchCount: number, mode: string, palette: Palette): string[] {
  return [
    label,
    formatCount(block.transactions),
    block.sequentialMs.toFixed(1),
    block.parallelMs.toFixed(1),
    formatSpeedup(block.speedup),
    block.predictedSpeedup === null ? "-" : formatSpeedup(block.predictedSpeedup),
    block.reexecutions === 0
      ? "0"
      : `${formatCount(block.reexecutedTransactions)} tx, ${formatCount(block.reexecutions)}×`,
    mismatchCount === 0 ? "0" : palette.red(palette.bold(formatCount(mismatchCount))),
    mode,
  ];
}

function mode(block: BlockReplay, palette: Palette): string {
  if (block.mismatches.some((m) => m.key === "execution")) return palette.red("failed");
  return block.fellBack ? palette.yellow("fell back") : "parallel";
}

function reasonsText(reasons: Record<string, number>): string {
  const entries = Object.entries(reasons);
  if (entries.length === 0) return "no re-executions";
  return "re-executions: " + entries.map(([kind, count]) => `${kind} ${formatCount(count)}`).join(", ");
}
