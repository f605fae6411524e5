import type { Browser, Page } from "playwright-core";
import type { BlockAnalysis, JsonReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

import { MAX_DRAWN_TRANSACTIONS } from "../../plugin/internal/html/block-page.ts";
import { type PageWatch, launchBrowser, openPage } from "../helpers/browser.ts";
import { SCREENSHOTS, waitForGraph, writeReport } from "./page-driver.ts";

/** The group a transaction falls in on the page: contract + "." + function of its first frame. */
function groupOf(tx: BlockAnalysis["transactions"][number]): string {
  const top = tx.functions[0]?.name;
  if (top !== undefined) return top;
  return tx.to === null ? "(create).create" : "(transfer).transfer";
}

/**
 * A block of more than MAX_DRAWN_TRANSACTIONS transactions, opened in Chromium: it is drawn as one
 * node per called function, the nodes' transaction counts add up to the block, the group edges'
 * dependency counts add up to the JSON report's dependencies, and a clicked group shows its details.
 */
describe("parallel-report --html: a block too large to draw transaction by transaction", function () {
  this.timeout(300_000);
  const TRANSACTIONS = 400;
  let dir: string;
  let block: BlockAnalysis;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  before(async () => {
    let file: string;
    let report: JsonReport;
    ({ dir, file, report } = writeReport("hardhat-parallel-html-large-", [
      ...["--scenario", "mixed-defi"],
      ...["--users", "40", "--transactions", String(TRANSACTIONS), "--block-size", String(TRANSACTIONS)],
    ]));
    expect(report.scenarios).to.have.length(1);
    expect(report.scenarios[0].blocks).to.have.length(1);
    block = report.scenarios[0].blocks[0];
    expect(block.transactions).to.have.length(TRANSACTIONS);
    expect(TRANSACTIONS).to.be.greaterThan(MAX_DRAWN_TRANSACTIONS);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser();
    ({ page, watch } = await openPage(browser, `file://${file}`));
    await waitForGraph(page);
  });

  after(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("says that the block is drawn grouped by function", async () => {
    const note = await page.locator("#block .note").textContent();
    expect(note).to.include(`This block has ${TRANSACTIONS} transactions`);
    expect(note).to.include("grouped by function");
  });

  it("draws one node per distinct called function, with its transaction count", async () => {
    const nodes: Array<{ id: string; transactions: number }> = await page.evaluate(() =>
      (globalThis as any).hardhatParallelReport
        .graph()
        .nodes()
        .map((n: any) => ({ id: n.id(), transactions: n.data("group").transactions })),
    );
    const expected = new Map<string, number>();
    for (const tx of block.transactions) expected.set(groupOf(tx), (expected.get(groupOf(tx)) ?? 0) + 1);
    expect(expected.size, "mixed-defi calls several functions").to.be.at.least(5);
    expect(nodes.map((n) => n.id).sort()).to.deep.equal([...expected.keys()].sort());
    for (const n of nodes) expect(n.transactions, n.id).to.equal(expected.get(n.id));
    expect(nodes.reduce((sum, n) => sum + n.transactions, 0)).to.equal(block.transactions.length);
  });

  it("sums the block's dependencies on the edges between functions", async () => {
    const edges: Array<{ from: string; to: string; dependencies: number }> = await page.evaluate(() =>
      (globalThis as any).hardhatParallelReport
        .graph()
        .edges()
        .map((e: any) => ({ from: e.source().id(), to: e.target().id(), dependencies: e.data("group").dependencies })),
    );
    const expected = new Map<string, number>();
    for (const tx of block.transactions) {
      for (const d of tx.dependsOn) {
        const pair = `${groupOf(block.transactions[d.tx])} -> ${groupOf(tx)}`;
        expected.set(pair, (expected.get(pair) ?? 0) + 1);
      }
    }
    const drawn = new Map(edges.map((e) => [`${e.from} -> ${e.to}`, e.dependencies]));
    expect(drawn.size, "one edge per pair of functions").to.equal(edges.length);
    expect(Object.fromEntries(drawn)).to.deep.equal(Object.fromEntries(expected));
    const dependencies = block.transactions.reduce((sum, tx) => sum + tx.dependsOn.length, 0);
    expect(dependencies).to.equal(block.figures.dependencies);
    expect(edges.reduce((sum, e) => sum + e.dependencies, 0)).to.equal(dependencies);
  });

  it("shows a clicked group's transactions and the dependencies from it", async () => {
    const busiest = [...new Set(block.transactions.map(groupOf))]
      .map((id) => ({ id, count: block.transactions.filter((tx) => groupOf(tx) === id).length }))
      .sort((a, b) => b.count - a.count)[0];
    const graph = page.locator("#graph");
    await graph.scrollIntoViewIfNeeded();
    await page.waitForTimeout(250); // cytoscape re-reads its container's place after a scroll
    const at = await page.evaluate(
      (id) => (globalThis as any).hardhatParallelReport.graph().$id(id).renderedPosition(),
      busiest.id,
    );
    await graph.click({ position: at });
    await page.locator("#details h3", { hasText: busiest.id }).waitFor({ timeout: 5000 });
    expect(await page.locator("#details p").first().textContent()).to.match(
      new RegExp(`^${busiest.count} transactions, [\\d,]+ gas$`),
    );
    const outgoing = new Set(
      block.transactions.flatMap((tx) =>
        tx.dependsOn.filter((d) => groupOf(block.transactions[d.tx]) === busiest.id).map(() => groupOf(tx)),
      ),
    );
    expect(await page.locator("#details li").count()).to.equal(outgoing.size);
    await graph.screenshot({ path: path.join(SCREENSHOTS, "grouped-graph.png") });
  });

  it("made no network request and logged no console error", () => {
    expect(watch.requests).to.deep.equal([]);
    expect(watch.errors).to.deep.equal([]);
  });
});
