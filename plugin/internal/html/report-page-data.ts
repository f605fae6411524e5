import type { JsonReport, ScenarioReport } from "../report/json-report-types.ts";
import type { SuiteAnalysis } from "../suite/types.ts";
import type { PageData, PageScenario, PageSuite } from "./page-data.ts";

import { blockPage } from "./block-page.ts";
import { type SourceTexts, scenarioHotspots, suiteHotspots } from "./hotspot-page.ts";
import { modelsPage } from "./models-page.ts";

export interface PageSource {
  /** The scenarios' JSON report (absent for `--tests` alone). */
  report?: JsonReport;
  suite?: SuiteAnalysis;
  title: string;
  generator: string;
  sources: SourceTexts;
}

/** The page's data, from the JSON report (and the suite analysis): see ./page-data.ts. */
export function reportPageData({ report, suite, title, generator, sources }: PageSource): PageData {
  const processorCounts = report?.processorCounts ?? [];
  return {
    title,
    generator,
    processorCounts,
    scenarios: (report?.scenarios ?? []).map((scenario) => scenarioPage(scenario, processorCounts, sources)),
    ...(suite === undefined ? {} : { suite: suitePage(suite, sources) }),
  };
}

export function scenarioPage(
  scenario: ScenarioReport,
  processorCounts: readonly number[],
  sources: SourceTexts,
): PageScenario {
  const replays = new Map((scenario.execution?.blocks ?? []).map((replay) => [replay.number, replay]));
  const totals = scenario.execution?.totals;
  return {
    name: scenario.scenario,
    summary: scenario.summary,
    ...(totals === undefined
      ? {}
      : {
          execution: {
            workers: scenario.execution!.workers,
            sequentialMs: totals.sequentialMs,
            parallelMs: totals.parallelMs,
            speedup: totals.speedup,
            reexecutions: totals.reexecutions,
            mismatches: totals.mismatches,
          },
        }),
    contracts: scenario.contracts.map(({ name, blocks, figures, topHotspot }) => ({
      name,
      blocks,
      figures,
      topHotspot,
    })),
    functions: scenario.functions.map(({ name, contract, blocks, frames, figures }) => ({
      name,
      contract,
      blocks,
      frames,
      figures,
    })),
    hotspots: scenarioHotspots(scenario.hotspots, sources),
    blocks: scenario.blocks.map((block) => {
      const replay = replays.get(block.number);
      return blockPage(block, processorCounts, replay && { workers: scenario.execution!.workers, block: replay });
    }),
    ...(scenario.models === undefined ? {} : { models: modelsPage(scenario.models) }),
  };
}

function suitePage(suite: SuiteAnalysis, sources: SourceTexts): PageSuite {
  return {
    transactions: suite.transactions,
    contracts: suite.contracts.map(({ name, calls, senders, figures }) => ({ name, calls, senders, figures })),
    functions: suite.functions.map(({ function: name, contract, calls, senders }) => ({
      function: name,
      contract,
      calls,
      senders,
    })),
    matrix: suite.matrix.map(({ writer, reader, keys, variables }) => ({ writer, reader, keys, variables })),
    hotspots: suiteHotspots(suite, sources),
  };
}
