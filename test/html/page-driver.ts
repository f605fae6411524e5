import type { Page } from "playwright-core";
import type { JsonReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT, runHardhat, writeProject } from "../helpers/fixture-project.ts";

/** Where the browser tests save their screenshots (look at them). */
export const SCREENSHOTS = path.join(REPO_ROOT, "test-output", "screenshots");

/** Waits until the page has drawn (again) and its conflict graph is laid out. */
export async function waitForGraph(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as any).hardhatParallelReport?.graphReady === true, null, {
    timeout: 30_000,
  });
}

export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.locator("nav button", { hasText: name });
  if ((await tab.getAttribute("class"))?.includes("active")) return;
  await tab.click();
  await waitForGraph(page);
}

export async function openBlock(page: Page, number: number): Promise<void> {
  const current = await page.locator("#block-select").inputValue();
  if (current === String(number)) return;
  await page.selectOption("#block-select", String(number));
  await waitForGraph(page);
}

/** The conflict graph as drawn: node ids, "source->target" edges, nodes marked critical. */
export async function graphOf(page: Page): Promise<{ nodes: string[]; edges: string[]; critical: string[] }> {
  return page.evaluate(() => {
    const cy = (globalThis as any).hardhatParallelReport.graph();
    return {
      nodes: cy.nodes().map((n: any) => n.id()),
      edges: cy.edges().map((e: any) => `${e.source().id()}->${e.target().id()}`),
      critical: cy.nodes(".critical").map((n: any) => n.id()),
    };
  });
}

/** A report written by `parallel-report <args> --html --out` in a fresh temporary folder. */
export interface WrittenReport {
  dir: string;
  /** The HTML file. */
  file: string;
  report: JsonReport;
}

/** Runs `parallel-report` from the repository with `args`, writing the HTML and JSON reports. */
export function writeReport(prefix: string, args: string[]): WrittenReport {
  const dir = writeProject({}, prefix);
  const file = path.join(dir, "report.html");
  const json = path.join(dir, "report.json");
  const run = runHardhat(REPO_ROOT, ["parallel-report", ...args, "--html", file, "--out", json]);
  expect(run.status, run.stderr).to.equal(0);
  return { dir, file, report: JSON.parse(readFileSync(json, "utf8")) };
}
