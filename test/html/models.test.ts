import type { Browser, Page } from "playwright-core";
import type { ExecutionModels } from "../../plugin/internal/analyze/models/model-types.ts";
import type { JsonReport, ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";

import { expect } from "chai";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { MODEL_NAMES, MODEL_TITLES } from "../../plugin/internal/analyze/models/model-types.ts";
import { renderPage, reportPageData } from "../../plugin/internal/html/index.ts";
import { SCOPE_THREADS } from "../../plugin/internal/html/models-page.ts";
import { type PageWatch, launchBrowser, openPage } from "../helpers/browser.ts";
import { SCREENSHOTS, openTab, waitForGraph, writeReport } from "./page-driver.ts";

/** The page's formats (client/dom.js). */
const times = (x: number) => `${x.toFixed(2)}×`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toLocaleString("en-US");
const pulled = (list: Array<{ contract: string; transactions: number }>) =>
  list.length === 0
    ? "–"
    : list
        .slice(0, 3)
        .map((p) => `${p.contract} ×${p.transactions}`)
        .join(", ") + (list.length > 3 ? `, +${list.length - 3}` : "");

const IMG = `<img src=x onerror="window.__pwned=1">`;
const TAG = `"><b>x</b>`;

/** The text of every cell of a table's body, row by row. */
async function cells(page: Page, selector: string): Promise<string[][]> {
  return page
    .locator(`${selector} tbody tr`)
    .evaluateAll((rows) => rows.map((row) => [...row.children].map((td) => td.textContent ?? "")));
}

/**
 * `parallel-report --html` with every execution model (`--model`, `--shards 2,4,8`), opened in
 * Chromium: the "Execution models" section shows the JSON report's own figures (each model's S_k and
 * limit, the builder and the misses, the sharded placements, the per-contract and per-function S8),
 * draws one line per model, and keeps hostile names as text; without models the page has no such section.
 */
describe("parallel-report --html: execution models (in a real browser)", function () {
  this.timeout(300_000);
  const SCENARIOS = ["mixed-defi", "hot-counter"];
  let dir: string;
  let report: JsonReport;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  const scenario = (name: string): ScenarioReport => report.scenarios.find((s) => s.scenario === name)!;
  const models = (name: string): ExecutionModels => scenario(name).models!;

  before(async () => {
    let file: string;
    ({ dir, file, report } = writeReport("hardhat-parallel-html-models-", [
      ...["--scenario", SCENARIOS.join(",")],
      ...["--users", "24", "--transactions", "60", "--block-size", "30"],
      ...["--model", MODEL_NAMES.join(","), "--shards", "2,4,8"],
    ]));
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser();
    ({ page, watch } = await openPage(browser, `file://${file}`));
    await waitForGraph(page);
  });

  after(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("the JSON report has every model of both scenarios (engine capture: locks-predicted too)", () => {
    for (const name of SCENARIOS) {
      expect(models(name).models, name).to.deep.equal([...MODEL_NAMES]);
      expect(models(name).unavailable).to.deep.equal([]);
      expect(models(name).summary.map((f) => f.model)).to.deep.equal(MODEL_NAMES.filter((m) => m !== "sharded"));
      expect(models(name).sharded!.map((s) => `${s.placement}/${s.shards}`)).to.deep.equal([
        ...["hash/2", "hash/4", "hash/8"],
        ...["partition/2", "partition/4", "partition/8"],
      ]);
    }
  });

  it("shows each model's S_k for every k and its limit at the largest k, as the JSON report has them", async () => {
    for (const name of SCENARIOS) {
      await openTab(page, name);
      const m = models(name);
      const counts = report.processorCounts;
      const header = await page.locator("#models-table thead th").allTextContents();
      expect(header).to.deep.equal([
        ...["Model", "Conflict rate"],
        ...counts.map((k) => `S${k}`),
        ...[`Limit at k = ${counts[counts.length - 1]}`, "Notes"],
      ]);
      const rows = await cells(page, "#models-table");
      expect(rows.map((r) => r[0])).to.deep.equal(m.models.map((model) => MODEL_TITLES[model]));
      m.summary.forEach((figures, i) => {
        const row = rows[i];
        expect(row[1], `${name} ${figures.model}`).to.equal(pct(figures.conflictRate));
        expect(row.slice(2, 2 + counts.length), `${name} ${figures.model}`).to.deep.equal(
          counts.map((k) => times(figures.speedups.find((s) => s.threads === k)!.speedup)),
        );
        expect(row[2 + counts.length]).to.equal(figures.speedups[figures.speedups.length - 1].limit);
      });
      const note = (model: string) => rows[m.models.indexOf(model as never)][3 + counts.length];
      const { balBytes } = m.builder!;
      expect(note("bal")).to.equal(
        `builder: sequential 1.00×, BAL ${balBytes === null ? "size unknown" : `${num(balBytes)} bytes`}`,
      );
      const misses = m.summary.find((f) => f.model === "locks-predicted")!.misses!;
      expect(note("locks-predicted")).to.equal(
        `misses: ${num(misses.transactions)} transactions, ${num(misses.wastedGas)} wasted gas`,
      );
      // The sharded row: at k shards, the hash and partition speedups.
      const sharded = rows[m.models.indexOf("sharded")];
      expect(sharded.slice(2, 2 + counts.length)).to.deep.equal(
        counts.map((k) => {
          const at = (placement: string) => m.sharded!.find((s) => s.placement === placement && s.shards === k);
          return at("hash") ? `${times(at("hash")!.speedup)} · ${times(at("partition")!.speedup)}` : "–";
        }),
      );
    }
  });

  it("draws one line per graph model on the speedup chart", async () => {
    await openTab(page, "mixed-defi");
    await page.locator("#models-chart canvas").first().waitFor();
    const labels = await page.locator("#models-chart .u-legend .u-series .u-label").allTextContents();
    const graphModels = models("mixed-defi").summary.map((f) => f.model);
    expect(labels).to.deep.equal([...graphModels, "k (linear)"]);
    await page.locator("#models").screenshot({ path: path.join(SCREENSHOTS, "models.png") });
  });

  it("lists the sharded placements × shard counts as models.sharded has them", async () => {
    for (const name of SCENARIOS) {
      await openTab(page, name);
      const sharded = models(name).sharded!;
      expect(await cells(page, "#table-sharded"), name).to.deep.equal(
        sharded.map((s) => [
          s.placement,
          String(s.shards),
          num(s.transactions),
          pct(s.crossShardRate),
          times(s.duplication),
          times(s.imbalance),
          times(s.speedup),
          s.limit,
        ]),
      );
    }
  });

  it("shows, per placement and shard count, each contract's and function's cross-shard rate and pulls", async () => {
    await openTab(page, "mixed-defi");
    const sharded = models("mixed-defi").sharded!;
    expect(
      sharded.some((s) => s.crossShard > 0),
      "mixed-defi has cross-shard transactions",
    ).to.be.true;
    for (const [i, s] of sharded.entries()) {
      await page.selectOption("#sharded-select", String(i));
      expect(await cells(page, "#table-sharded-contracts"), `${s.placement}/${s.shards}`).to.deep.equal(
        s.contracts.map((c) => [
          c.name,
          [...new Set(c.placement.map((p) => p.shard))].sort((a, b) => a - b).join(", "),
          num(c.placement.length),
          num(c.transactions),
          num(c.crossShard),
          pct(c.crossShardRate),
          pulled(c.pulledBy),
        ]),
      );
      expect(await cells(page, "#table-sharded-functions")).to.deep.equal(
        s.functions.map((f) => [
          f.name,
          num(f.transactions),
          num(f.crossShard),
          pct(f.crossShardRate),
          pulled(f.pulledBy),
        ]),
      );
    }
  });

  it("shows per contract and per function the S8 of every model, as models.contracts and .functions do", async () => {
    await openTab(page, "mixed-defi");
    const m = models("mixed-defi");
    const graphModels = m.summary.map((f) => f.model);
    expect(await page.locator("#table-model-contracts thead th").allTextContents()).to.deep.equal([
      ...["Contract", "Transactions"],
      ...graphModels.map((model) => `S${SCOPE_THREADS} ${model}`),
    ]);
    for (const [table, scopes] of [
      ["#table-model-contracts", m.contracts],
      ["#table-model-functions", m.functions],
    ] as const) {
      expect(scopes.length, table).to.be.at.least(2);
      expect(await cells(page, table), table).to.deep.equal(
        scopes.map((scope) => [
          scope.name,
          num(scope.models[0].transactions),
          ...graphModels.map((model) => {
            const figures = scope.models.find((f) => f.model === model);
            const s = figures?.speedups.find((x) => x.threads === SCOPE_THREADS);
            return s === undefined ? "–" : times(s.speedup);
          }),
        ]),
      );
    }
    // Sortable like the other tables: by S8 optimistic, descending on the first click.
    await page.locator("#table-model-contracts th", { hasText: "S8 optimistic" }).first().click();
    const column = (await cells(page, "#table-model-contracts")).map((r) => parseFloat(r[2]));
    expect(column).to.deep.equal([...column].sort((a, b) => b - a));
  });

  it("made no network request and logged no console error", () => {
    expect(watch.requests).to.deep.equal([]);
    expect(watch.errors).to.deep.equal([]);
  });

  it("keeps hostile contract, function and model-scope names as text", async () => {
    const hostile: JsonReport = JSON.parse(JSON.stringify(report));
    const m = hostile.scenarios[0].models!;
    m.contracts[0].name = IMG;
    m.functions[0].name = TAG;
    const s = m.sharded![0];
    s.contracts[0].name = IMG;
    s.contracts[0].pulledBy = [{ contract: TAG, transactions: 3 }];
    s.functions[0].name = TAG;
    m.unavailable = [{ model: "locks-predicted", reason: IMG }];
    const file = path.join(dir, "hostile.html");
    writeFileSync(
      file,
      await renderPage(reportPageData({ report: hostile, title: "t", generator: "g", sources: new Map() })),
    );
    const opened = await openPage(browser, `file://${file}`);
    await waitForGraph(opened.page);
    const text = (selector: string) => opened.page.locator(selector).first().textContent();
    expect(await text("#table-model-contracts tbody td")).to.equal(IMG);
    expect(await text("#table-model-functions tbody td")).to.equal(TAG);
    expect(await text("#table-sharded-contracts tbody td")).to.equal(IMG);
    expect(await text("#table-sharded-contracts tbody td:last-child")).to.equal(`${TAG} ×3`);
    expect(await text("#table-sharded-functions tbody td")).to.equal(TAG);
    expect(await text("#models-table tr.unavailable td:last-child")).to.equal(`unavailable: ${IMG}`);
    const injected = await opened.page.evaluate(() => ({
      pwned: (globalThis as any).__pwned,
      images: (globalThis as any).document.querySelectorAll("img").length,
      bold: (globalThis as any).document.querySelectorAll("b").length,
    }));
    expect(injected).to.deep.equal({ pwned: undefined, images: 0, bold: 0 });
    expect(opened.watch.errors).to.deep.equal([]);
    await opened.page.close();
  });

  it("has no models section when the report has no models (as on the live dashboard)", async () => {
    const plain: JsonReport = JSON.parse(JSON.stringify(report));
    for (const s of plain.scenarios) delete s.models;
    const data = reportPageData({ report: plain, title: "t", generator: "g", sources: new Map() });
    expect(data.scenarios.every((s) => !("models" in s))).to.be.true;
    const file = path.join(dir, "plain.html");
    writeFileSync(file, await renderPage(data));
    const opened = await openPage(browser, `file://${file}`);
    await waitForGraph(opened.page);
    expect(await opened.page.locator("#overview").count()).to.equal(1);
    expect(await opened.page.locator("#models").count()).to.equal(0);
    expect(opened.watch.errors).to.deep.equal([]);
    await opened.page.close();
  });
});
