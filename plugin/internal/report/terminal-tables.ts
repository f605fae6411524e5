import type { BlockAnalysis, ContractAnalysis, FunctionAnalysis, ParallelFigures } from "../analyze/types.ts";
import type { Palette } from "./ansi.ts";
import { formatCount, formatPercent, formatScore, formatSpeedup, shortenHex } from "./format-figures.ts";
import { renderTable, type Alignment } from "./text-table.ts";

const INDENT = "  ";

export function contractTable(contracts: readonly ContractAnalysis[], palette: Palette, top: number): string {
  const header = ["Contract", "Txs", "Conflict", "Score", "S∞", "Top hotspot"];
  const rows = contracts
    .slice(0, top)
    .map((c) => [
      shortenHex(c.name),
      ...figureCells(c.figures, palette),
      palette.cyan(shortenHex(c.topHotspot ?? "-")),
    ]);
  return section(
    "Contracts",
    header,
    rows,
    ["left", "right", "right", "right", "right", "left"],
    contracts.length,
    palette,
  );
}

export function functionTable(functions: readonly FunctionAnalysis[], palette: Palette, top: number): string {
  const header = ["Function", "Txs", "Conflict", "Score", "S∞", "S8"];
  const rows = functions
    .slice(0, top)
    .map((f) => [shortenHex(f.name), ...figureCells(f.figures, palette), formatSpeedup(speedupAt(f.figures, 8))]);
  return section(
    "Functions",
    header,
    rows,
    ["left", "right", "right", "right", "right", "right"],
    functions.length,
    palette,
  );
}

export function blockTable(blocks: readonly BlockAnalysis[], palette: Palette, top: number): string {
  const header = ["Block", "Txs", "Conflict", "Score", "S∞", "S8"];
  const rows = blocks
    .slice(0, top)
    .map((b) => [String(b.number), ...figureCells(b.figures, palette), formatSpeedup(speedupAt(b.figures, 8))]);
  return section(
    "Blocks",
    header,
    rows,
    ["right", "right", "right", "right", "right", "right"],
    blocks.length,
    palette,
  );
}

/** Transactions, conflict rate, score, S∞ — coloured by how parallel they are. */
function figureCells(figures: ParallelFigures, palette: Palette): string[] {
  return [
    formatCount(figures.transactions),
    conflictColor(figures.conflictRate, palette)(formatPercent(figures.conflictRate)),
    scoreColor(figures.score, palette)(formatScore(figures.score)),
    formatSpeedup(figures.idealSpeedup),
  ];
}

export function speedupAt(figures: ParallelFigures, processors: number): number {
  return figures.schedules.find((s) => s.processors === processors)?.speedup ?? 1;
}

export function conflictColor(rate: number, palette: Palette): (text: string) => string {
  return rate <= 0.1 ? palette.green : rate <= 0.5 ? palette.yellow : palette.red;
}

export function scoreColor(score: number, palette: Palette): (text: string) => string {
  return score >= 0.8 ? palette.green : score >= 0.5 ? palette.yellow : palette.red;
}

/** A titled table, with "… N more" when rows were left out. */
export function section(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Alignment[],
  total: number,
  palette: Palette,
): string {
  const lines = [INDENT + palette.bold(title)];
  if (rows.length === 0) lines.push(INDENT + INDENT + palette.dim("(none)"));
  else
    lines.push(
      renderTable(
        header.map((h) => palette.bold(h)),
        rows,
        align,
        INDENT + INDENT,
      ),
    );
  if (total > rows.length) lines.push(INDENT + INDENT + palette.dim(`… ${total - rows.length} more`));
  return lines.join("\n");
}
