import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { JsonReport } from "../report/json-report-types.ts";
import type { SuiteAnalysis } from "../suite/types.ts";

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { loadSourceTexts } from "../capture/source-texts.ts";
import { renderPage, reportPageData } from "../html/index.ts";
import { hardhatVersion } from "../hardhat-version.ts";
import { pluginVersion } from "../plugin-version.ts";

/** `--html`: the self-contained HTML report of the scenarios' JSON report and/or the suite analysis. */
export async function writeHtmlReport(
  hre: HardhatRuntimeEnvironment,
  file: string,
  content: { report?: JsonReport; suite?: SuiteAnalysis },
): Promise<void> {
  const sources = await loadSourceTexts(hre.artifacts);
  const data = reportPageData({
    ...content,
    title: `Parallel execution report: ${path.basename(hre.config.paths.root)}`,
    generator: generatorLine(content.report?.generatedAt ?? new Date().toISOString()),
    sources,
  });
  const html = await renderPage(data);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, html);
  console.error(`HTML report written to ${path.relative(process.cwd(), file)}`);
}

export function generatorLine(time: string): string {
  return `hardhat-parallel ${pluginVersion()} · Hardhat ${hardhatVersion()} · ${time}`;
}
