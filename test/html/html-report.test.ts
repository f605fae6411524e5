import type { Browser, Page } from "playwright-core";
import type { JsonReport, ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT } from "../helpers/fixture-project.ts";
import { type PageWatch, launchBrowser, openPage } from "../helpers/browser.ts";
import { SCREENSHOTS, graphOf, openBlock, openTab, waitForGraph, writeReport } from "./page-driver.ts";

/**
 * `parallel-report --html`, opened in Debian's Chromium: the page shows the JSON report's own
 * transactions and dependencies, its tables sort, a clicked transaction shows its reads and writes,
 * and it loads nothing from anywhere.
 */
describe("parallel-report --html (in a real browser)", function () {
  this.timeout(300_000);
  let dir: string;
  let report: JsonReport;
  let html: string;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  const scenario = (name: string): ScenarioReport => report.scenarios.find((s) => s.scenario === name)!;

  before(async () => {
    let file: string;
    ({ dir, file, report } = writeReport("hardhat-parallel-html-", [
      ...["--scenario", "erc20-transfers,hot-counter,amm-many-pools"],
      ...["--users", "40", "--transactions", "60", "--block-size", "30"],
      ...["--workers", "2", "--rounds", "1"],
    ]));
    html = readFileSync(file, "utf8");
    browser = await launchBrowser();
    ({ page, watch } = await openPage(browser, `file://${file}`));
    await waitForGraph(page);
  });

  after(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("is one self-contained file: no script, style, font or image from elsewhere", () => {
    expect(html).to.not.match(/<script[^>]+src=/i);
    expect(html).to.not.match(/<link[^>]+href=/i);
    expect(html).to.not.match(/url\(\s*['"]?https?:/i);
    expect(html).to.include("default-src 'none'");
  });

  it("draws each block's transactions and dependencies exactly as the JSON report has them", async () => {
    for (const s of report.scenarios) {
      await openTab(page, s.scenario);
      for (const block of s.blocks) {
        await openBlock(page, block.number);
        const graph = await graphOf(page);
        expect(graph.nodes, `${s.scenario} block ${block.number}`).to.deep.equal(
          block.transactions.map((tx) => `t${tx.index}`),
        );
        const edges = block.transactions.flatMap((tx) => tx.dependsOn.map((d) => `t${d.tx}->t${tx.index}`));
        expect(graph.edges.sort()).to.deep.equal(edges.sort());
        const critical = block.criticalPath.map((i) => `t${i}`);
        expect(graph.critical).to.deep.equal(critical);
      }
    }
    // The crafted workloads: independent transfers have no edge; the hot counter is one chain.
    expect(scenario("erc20-transfers").blocks.every((b) => b.transactions.every((t) => t.dependsOn.length === 0))).to.be
      .true;
    expect(scenario("hot-counter").blocks[0].criticalPath).to.have.length(30);
  });

  it("shows a clicked transaction's reads and writes by variable name", async () => {
    const s = scenario("hot-counter");
    await openTab(page, s.scenario);
    const block = s.blocks[0];
    await openBlock(page, block.number);
    const tx = block.transactions[5];
    const graph = page.locator("#graph");
    await graph.scrollIntoViewIfNeeded();
    await page.waitForTimeout(250); // cytoscape re-reads its container's place after a scroll
    const at = await page.evaluate(
      (id) => (globalThis as any).hardhatParallelReport.graph().$id(id).renderedPosition(),
      `t${tx.index}`,
    );
    await graph.click({ position: at });
    await page.locator("#details h3", { hasText: `Transaction #${tx.index}` }).waitFor({ timeout: 5000 });
    const titles = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => e.title));
    expect(await titles("#details .writes li")).to.deep.equal(tx.access!.writes);
    expect(await titles("#details .reads li")).to.deep.equal(tx.access!.reads);
    expect(tx.access!.writes).to.include("HotCounter.depositCount");
    await page.locator("#graph").screenshot({ path: path.join(SCREENSHOTS, "conflict-graph.png") });
  });

  it("sorts a table on a click of its header, and the other way on a second click", async () => {
    await openTab(page, "amm-many-pools");
    const header = page.locator("#table-functions th", { hasText: "Conflict rate" });
    const column = async () => {
      const index = await header.evaluate((th) => [...th.parentElement!.children].indexOf(th));
      return page
        .locator(`#table-functions tbody tr td:nth-child(${index + 1})`)
        .evaluateAll((tds) => tds.map((td) => parseFloat(td.textContent!)));
    };
    await header.click();
    const descending = await column();
    expect(descending.length).to.be.greaterThan(1);
    expect(descending).to.deep.equal([...descending].sort((a, b) => b - a));
    await header.click();
    const ascending = await column();
    expect(ascending).to.deep.equal([...descending].reverse());
    expect(new Set(ascending).size, "a column with one value proves no sort").to.be.greaterThan(1);
  });

  it("draws the schedules: predicted on k workers and as measured on 2", async () => {
    await openTab(page, "amm-many-pools");
    const s = scenario("amm-many-pools");
    await openBlock(page, s.blocks[0].number);
    await page.selectOption("#processors-select", "2");
    const predicted = await page.locator("#gantt-predicted rect.bar").count();
    expect(predicted).to.equal(s.blocks[0].transactions.length);
    const measured = await page.locator("#gantt-measured rect.bar").count();
    const replay = s.execution!.blocks[0];
    expect(measured).to.equal(replay.timeline!.length);
    expect(measured).to.be.at.least(s.blocks[0].transactions.length);
    expect(await page.locator("#gantt-measured rect.again").count()).to.equal(
      replay.timeline!.filter((span) => span[1] > 1).length,
    );
    await page.locator("#speedup-curve canvas").first().waitFor();
    await page.locator("#overview").screenshot({ path: path.join(SCREENSHOTS, "overview.png") });
    await page.locator("#schedule").screenshot({ path: path.join(SCREENSHOTS, "gantt.png") });
    await page.locator("#hotspots").screenshot({ path: path.join(SCREENSHOTS, "hotspots.png") });
  });

  it("lists hotspots with the source lines around the declaration", async () => {
    await openTab(page, "hot-counter");
    const first = page.locator("#hotspots .hotspot").first();
    await expect(await first.locator("h3").textContent()).to.include("HotCounter.depositCount");
    const declared = await first.locator("pre.source .declared").textContent();
    const hotspot = scenario("hot-counter").hotspots.find((h) => h.name === "HotCounter.depositCount")!;
    const source = readFileSync(path.join(REPO_ROOT, hotspot.sourceName!), "utf8").split("\n")[hotspot.line! - 1];
    expect(declared).to.include(source.trim());
    expect(await first.locator(".suggestion").textContent()).to.match(/Suggestion: .+/);
  });

  it("made no network request and logged no console error", () => {
    expect(watch.requests).to.deep.equal([]);
    expect(watch.errors).to.deep.equal([]);
  });
});

mkdirSync(SCREENSHOTS, { recursive: true });
