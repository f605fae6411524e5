import type { Browser, Page } from "playwright-core";
import type { PageData } from "../../plugin/internal/html/index.ts";
import type { JsonReport } from "../../plugin/internal/report/json-report-types.ts";
import type { SuiteAnalysis } from "../../plugin/internal/suite/types.ts";

import { expect } from "chai";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { renderPage, reportPageData } from "../../plugin/internal/html/index.ts";
import { REPO_ROOT, runHardhat, writeProject } from "../helpers/fixture-project.ts";
import { type PageWatch, launchBrowser, openPage } from "../helpers/browser.ts";
import { openTab, waitForGraph } from "./page-driver.ts";

/** Markup that would run or show if the page let a string of its data through as HTML. */
const IMG = `<img src=x onerror="window.__pwned=1">`;
const SCRIPT = `</script><script>window.__pwned=2</script>`;
const TAG = `"><b>x</b>`;
const COMMENT = `<!--<script>window.__pwned=3</script>-->`;

/**
 * Every name and source line of the page's data is text: a JSON report whose contract, function,
 * key and hotspot names and whose source text are markup, drawn in Chromium, runs none of it,
 * creates no element from it, and shows each string literally where it belongs.
 */
describe("HTML report: names and source text are escaped", function () {
  this.timeout(120_000);
  let dir: string;
  let data: PageData;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let sourceName: string;
  let line: number;

  before(async () => {
    dir = writeProject({}, "hardhat-parallel-html-escape-");
    const json = path.join(dir, "report.json");
    const run = runHardhat(REPO_ROOT, [
      "parallel-report",
      ...["--scenario", "hot-counter", "--transactions", "10", "--block-size", "10"],
      // --html: the report then carries the transactions' reads and writes by name.
      ...["--out", json, "--html", path.join(dir, "plain.html")],
    ]);
    expect(run.status, run.stderr).to.equal(0);
    const report: JsonReport = JSON.parse(readFileSync(json, "utf8"));
    const scenario = report.scenarios[0];
    scenario.contracts[0].name = IMG;
    scenario.functions[0].name = SCRIPT;
    // The page splits a transaction's first frame at its first "." into contract and function.
    const tx = scenario.blocks[0].transactions[0];
    tx.functions[0].name = `${TAG}.${SCRIPT}`;
    tx.access!.writes.push(IMG, COMMENT);
    const hotspot = scenario.hotspots[0];
    hotspot.name = IMG;
    hotspot.writers[0].function = TAG;
    ({ sourceName, line } = hotspot as { sourceName: string; line: number });
    const lines = readFileSync(path.join(REPO_ROOT, sourceName), "utf8").split("\n");
    lines[line - 1] = `    uint256 public depositCount; // ${SCRIPT}`;
    lines[line - 2] = `    // ${IMG} ${COMMENT}`;
    data = reportPageData({
      report,
      suite: hostileSuite(sourceName, line),
      title: `Report ${SCRIPT}`,
      generator: `generator ${TAG}`,
      sources: new Map([[sourceName, lines.join("\n")]]),
    });
    const file = path.join(dir, "hostile.html");
    writeFileSync(file, await renderPage(data));
    browser = await launchBrowser();
    ({ page, watch } = await openPage(browser, `file://${file}`));
    await waitForGraph(page);
  });

  after(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** What the data could have added to the document if it were parsed as markup. */
  const injected = () =>
    page.evaluate(() => {
      const doc = (globalThis as any).document;
      return {
        pwned: (globalThis as any).__pwned,
        images: doc.querySelectorAll("img").length,
        bold: doc.querySelectorAll("b").length,
        scripts: doc.querySelectorAll("script").length,
        comments: doc.createTreeWalker(doc, 0x80 /* NodeFilter.SHOW_COMMENT */).nextNode() !== null,
      };
    });
  const text = (selector: string) => page.locator(selector).first().textContent();

  it("embeds the data intact: the page reads back exactly the PageData it was given", async () => {
    const embedded = await page.evaluate(() => (globalThis as any).hardhatParallelReport.data());
    expect(embedded).to.deep.equal(JSON.parse(JSON.stringify(data)));
    // The libraries (3), the page script, and the data: no script element came from the data.
    expect(await injected()).to.deep.equal({ pwned: undefined, images: 0, bold: 0, scripts: 5, comments: false });
  });

  it("shows the title, the tables' names and the hotspot literally", async () => {
    expect(await page.title()).to.equal(`Report ${SCRIPT}`);
    expect(await text("header h1")).to.equal(`Report ${SCRIPT}`);
    expect(await text("header p")).to.equal(`generator ${TAG}`);
    expect(await text("#table-contracts tbody td")).to.equal(IMG);
    expect(await text("#table-functions tbody td")).to.equal(SCRIPT);
    const hotspot = page.locator("#hotspots .hotspot").first();
    expect(await hotspot.locator("h3").textContent()).to.equal(`1. ${IMG}`);
    expect(await hotspot.locator("p").first().textContent()).to.include(`writers: ${TAG} ×`);
    expect(await hotspot.locator("pre.source .declared").textContent()).to.equal(
      `${String(line).padStart(4, " ")}     uint256 public depositCount; // ${SCRIPT}\n`,
    );
    expect(await hotspot.locator("pre.source").textContent()).to.include(`// ${IMG} ${COMMENT}\n`);
    expect(await text("#block .legend .swatch")).to.equal(TAG);
  });

  it("shows a transaction's function and keys literally in its details", async () => {
    await page.locator('#gantt-predicted rect.bar[data-tx="0"]').dispatchEvent("click");
    await page.locator("#details h3", { hasText: "Transaction #0" }).waitFor({ timeout: 5000 });
    expect(await text("#details p")).to.equal(`${TAG}.${SCRIPT}`);
    const writes = await page.locator("#details .writes li").evaluateAll((lis) => lis.map((li) => li.textContent));
    expect(writes).to.include.members([IMG, COMMENT]);
    const titles = await page.locator("#details .writes li").evaluateAll((lis) => lis.map((li) => li.title));
    expect(titles).to.include.members([IMG, COMMENT]);
    expect((await injected()).pwned).to.equal(undefined);
  });

  it("shows the suite's matrix, hotspot, source and suggestion literally", async () => {
    await page.locator("nav button", { hasText: "Test suite" }).click();
    await page.locator("#matrix table.heatmap").waitFor();
    const columns = await page.locator("#matrix th.col").allTextContents();
    expect(columns).to.deep.equal([SCRIPT]);
    expect(await text("#matrix tr:nth-child(2) th")).to.equal(IMG);
    expect(await page.locator("#matrix td").first().getAttribute("title")).to.equal(TAG);
    expect(await text("#table-suite-contracts tbody td")).to.equal(TAG);
    expect(await text("#table-suite-functions tbody td")).to.equal(IMG);
    const hotspot = page.locator("#hotspots .hotspot").first();
    expect(await hotspot.locator("h3").textContent()).to.equal(`1. ${TAG}.${IMG}`);
    expect(await hotspot.locator("pre.source .declared").textContent()).to.include(SCRIPT);
    expect(await hotspot.locator(".suggestion").textContent()).to.equal(`Suggestion: ${COMMENT}. ${SCRIPT}`);
    expect(await injected()).to.deep.equal({ pwned: undefined, images: 0, bold: 0, scripts: 5, comments: false });
    await openTab(page, "hot-counter");
    expect((await injected()).pwned).to.equal(undefined);
  });

  it("made no network request and logged no console error", () => {
    expect(watch.requests).to.deep.equal([]);
    expect(watch.errors).to.deep.equal([]);
  });
});

/** A test suite analysis by hand: one contract, one function, one matrix cell and one hotspot, all named in markup. */
function hostileSuite(sourceName: string, line: number): SuiteAnalysis {
  const variable = { contract: TAG, variable: IMG, sourceName, line };
  return {
    transactions: { mined: 3, analysed: 3, untraced: 0 },
    contracts: [{ name: TAG, sourceName, calls: 3, senders: 3, figures: null }],
    functions: [{ function: IMG, contract: TAG, calls: 3, senders: 3, reads: [], writes: [] }],
    matrix: [{ writer: IMG, reader: SCRIPT, variables: [TAG], keys: 1 }],
    hotspots: [
      { ...variable, keys: [COMMENT], writers: [{ function: IMG, senders: 3 }], dependencies: 2, pattern: null },
    ],
    sharedByChoice: [],
    suggestions: [
      { pattern: "counter", contract: TAG, variables: [variable], functions: [IMG], evidence: COMMENT, advice: SCRIPT },
    ],
  };
}
