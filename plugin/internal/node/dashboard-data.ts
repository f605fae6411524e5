/**
 * What the live dashboard (./dashboard-server.ts) draws: the HTML report's PageData (../html/) of the
 * node's session so far. Pure: from the session's reads (NodeSession.blockReport, NodeSession.report).
 */
import type { BlockAnalysis } from "../analyze/types.ts";
import type { ScenarioReport } from "../report/json-report-types.ts";
import type { PageBlock, PageData, PageTimelinePoint } from "../html/page-data.ts";
import type { SourceTexts } from "../html/index.ts";
import type { MinedBlock } from "./mined-block.ts";

import { sumFigures } from "../analyze/figures-from-sums.ts";
import { PROCESSOR_COUNTS } from "../analyze/types.ts";
import { scenarioPage } from "../html/index.ts";

/** Blocks drawn (graph, schedule): the latest ones. */
export const DASHBOARD_BLOCKS = 5;
/** Points of "Blocks over time": the latest blocks. */
export const TIMELINE_POINTS = 500;

export interface DashboardInput {
  /** Every block mined so far, in order (NodeSession.blockReport of each). */
  blocks: ReadonlyArray<BlockAnalysis & { mining: MinedBlock }>;
  /** The session's report (NodeSession.report()): its contracts, functions and hotspots are shown. */
  report: ScenarioReport | undefined;
  workers: number;
  generator: string;
  sources: SourceTexts;
}

/**
 * One scenario, "parallel-node": the summary over every block so far, contracts, functions and
 * hotspots from `report`, the latest DASHBOARD_BLOCKS blocks drawn (with how each ran), and the
 * timeline of the latest TIMELINE_POINTS blocks.
 */
export function dashboardPageData(input: DashboardInput): PageData {
  const { blocks, workers } = input;
  const processorCounts = [...new Set([...PROCESSOR_COUNTS, workers])].sort((a, b) => a - b);
  const page = { title: "parallel-node dashboard", generator: input.generator, processorCounts };
  if (blocks.length === 0 || input.report === undefined) return { ...page, scenarios: [], timeline: [] };
  const latest = blocks.slice(-DASHBOARD_BLOCKS);
  const summary = sumFigures(blocks.map((block) => block.figures));
  const scenario = scenarioPage({ ...input.report, summary, blocks: latest }, processorCounts, input.sources);
  scenario.blocks.forEach((block, i) => {
    const ran = ranOf(latest[i].mining);
    if (ran !== undefined) block.ran = ran;
  });
  const timeline: PageTimelinePoint[] = blocks.slice(-TIMELINE_POINTS).map(({ number, figures, mining }) => ({
    block: number,
    transactions: figures.transactions,
    conflictRate: figures.conflictRate,
    predictedSpeedup: predictedSpeedup(figures.schedules, workers),
    measuredSpeedup: mining.ranOn === "pool" ? mining.speedup : null,
  }));
  return { ...page, scenarios: [scenario], timeline };
}

/** How the block ran; its speedup against the sequential baseline when that was sampled (pool blocks). */
function ranOf(mining: MinedBlock): PageBlock["ran"] {
  if (mining.ranOn === "none" || mining.executionMs === null) return undefined;
  return {
    on: mining.ranOn,
    executionMs: mining.executionMs,
    speedup: mining.ranOn === "pool" ? mining.speedup : null,
  };
}

/** S_k of the schedule with the most processors not above `workers` (1 when there is none). */
export function predictedSpeedup(schedules: ReadonlyArray<{ processors: number; speedup: number }>, workers: number) {
  let best: { processors: number; speedup: number } | undefined;
  for (const schedule of schedules) {
    if (schedule.processors <= workers && (best === undefined || schedule.processors > best.processors))
      best = schedule;
  }
  return best?.speedup ?? 1;
}
