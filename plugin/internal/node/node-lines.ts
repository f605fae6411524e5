import type { BlockAnalysis, Hotspot } from "../analyze/types.ts";
import type { Palette } from "../report/ansi.ts";
import type { MinedBlock } from "./mined-block.ts";

import { formatCount, formatPercent, formatScore, formatSpeedup } from "../report/format-figures.ts";

/** The hottest storage variable of a block: the named slot behind the most dependencies. */
export function hottestVariable(hotspots: readonly Hotspot[]): string | null {
  const slot = hotspots.find((hotspot) => hotspot.kind === "slot" && hotspot.dependencies > 0);
  if (slot === undefined) return null;
  return slot.variable === null ? slot.name : `${slot.contract ?? slot.address}.${slot.variable}`;
}

/**
 * "block 12: 143 tx, 7.21 Mgas, conflicts 12.6%, score 0.81, 3 re-executions, hottest Token.balances,
 * pool(2) 4.10 ms vs sequential 6.31 ms (1.54×)".
 */
export function blockLine(
  mined: MinedBlock,
  analysis: BlockAnalysis,
  hottest: string | null,
  workers: number,
  p: Palette,
): string {
  const figures = analysis.figures;
  const parts = [
    `${formatCount(mined.transactions)} tx`,
    `${(mined.gasUsed / 1e6).toFixed(2)} Mgas`,
    `conflicts ${formatPercent(figures.conflictRate)}`,
    `score ${formatScore(figures.score)}`,
    `${mined.reexecutions} re-execution${mined.reexecutions === 1 ? "" : "s"}`,
    `hottest ${hottest ?? "none"}`,
    ranLine(mined, workers),
  ];
  const line = `${p.bold(`block ${mined.number}`)}: ${parts.join(", ")}`;
  if (mined.mismatches.length > 0) return p.red(`${line}; ${mined.mismatches.length} MISMATCHES`);
  return line;
}

function ranLine(mined: MinedBlock, workers: number): string {
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  if (mined.ranOn === "none" || mined.executionMs === null) return `not executed (${mined.note ?? "?"})`;
  if (mined.ranOn === "sequential") return `sequential ${ms(mined.executionMs)} (the pool would not pay off)`;
  const pool = `pool(${workers}) ${ms(mined.executionMs)}${mined.fellBack ? " (fell back)" : ""}`;
  if (mined.sequentialMs === null) return `${pool}, baseline not sampled`;
  return `${pool} vs sequential ${ms(mined.sequentialMs)} (${formatSpeedup(mined.speedup ?? 1)})`;
}

export interface Rollup {
  blocks: number;
  transactions: number;
  poolBlocks: number;
  averageSpeedup: number | null;
  mismatches: number;
  topHotspots: Array<{ name: string; dependencies: number }>;
}

/** "— 10 blocks, 1,430 tx, 7 on the pool, average speedup 1.31×; hotspots: Token.balances (40), …" */
export function rollupLine(rollup: Rollup, p: Palette): string {
  const hotspots =
    rollup.topHotspots.length === 0
      ? "none"
      : rollup.topHotspots.map((hotspot) => `${hotspot.name} (${hotspot.dependencies})`).join(", ");
  return p.dim(
    `— ${formatCount(rollup.blocks)} blocks, ${formatCount(rollup.transactions)} tx, ` +
      `${formatCount(rollup.poolBlocks)} on the pool, average speedup ` +
      `${rollup.averageSpeedup === null ? "not measured" : formatSpeedup(rollup.averageSpeedup)}` +
      `${rollup.mismatches > 0 ? `, ${rollup.mismatches} MISMATCHES` : ""}; hotspots so far: ${hotspots}`,
  );
}
