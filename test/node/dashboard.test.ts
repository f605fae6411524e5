/**
 * `npx hardhat parallel-node --dashboard` as a user runs it: a child process (the node fixture
 * project, free loopback ports), transactions sent in rounds while the dashboard is open in Debian's
 * Chromium; the page follows the blocks and draws each one as `parallel_getBlockReport` has it.
 * Every wait is bounded.
 */
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import type { RunningNode } from "../../bench/node-process.ts";
import type { PageWatch } from "../helpers/browser.ts";

import { expect } from "chai";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

import { runLoad } from "../../bench/node-load.ts";
import { freePort, startNode } from "../../bench/node-process.ts";
import { artifactsDir } from "../../bench/node-project.ts";
import { validateNodeUserConfig } from "../../plugin/internal/config/node-config.ts";
import { DASHBOARD_BLOCKS, dashboardPageData, predictedSpeedup } from "../../plugin/internal/node/dashboard-data.ts";
import { resolveNodeSettings } from "../../plugin/internal/node/index.ts";
import { launchBrowser, openPage } from "../helpers/browser.ts";
import { runHardhat } from "../helpers/fixture-project.ts";
import { SCREENSHOTS, graphOf, waitForGraph } from "../html/page-driver.ts";
import { builtNodeProject } from "./built-node-project.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rpc(url: string, method: string, params: unknown[] = []): Promise<any> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(30_000),
  });
  return ((await response.json()) as any).result;
}

/** The dashboard's data once it names `block` and has not changed for 1.5 s (asked for at most 60 s). */
async function settledData(origin: string, block: number): Promise<string> {
  let last = "";
  let since = Date.now();
  for (const end = Date.now() + 60_000; Date.now() < end; await sleep(250)) {
    const text = await (await fetch(`${origin}/data.json`, { signal: AbortSignal.timeout(30_000) })).text();
    if (text !== last) [last, since] = [text, Date.now()];
    const timeline = JSON.parse(text).timeline as Array<{ block: number }>;
    if ((timeline.at(-1)?.block ?? -1) >= block && Date.now() - since >= 1_500) return text;
  }
  throw new Error(`the dashboard's data did not reach block ${block} and settle within 60 s`);
}

describe("parallel-node --dashboard: the live dashboard in a real browser", function () {
  this.timeout(600_000);
  let dir: string;
  let node: RunningNode;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let stopped = false;
  const out = () => path.join(dir, "dashboard-session.json");

  before(async function () {
    dir = builtNodeProject();
    const port = await freePort();
    node = await startNode(dir, [
      ...["parallel-node", "--port", "0", "--block-time", "300", "--workers", "2"],
      ...["--dashboard", "--dashboard-port", String(port), "--out", out()],
    ]);
    origin = `http://127.0.0.1:${port}`;
    expect(node.output().stdout).to.include(`Dashboard: ${origin}/\n`);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (!stopped) await node?.stop("SIGKILL", 5_000);
  });

  it("serves the page at /, the data at /data.json (revalidated by ETag), 404 elsewhere, 405 for other methods", async () => {
    const home = await fetch(`${origin}/`);
    expect(home.status).to.equal(200);
    expect(home.headers.get("content-type")).to.match(/^text\/html/);
    const html = await home.text();
    expect(html).to.include('data-live="/data.json"').and.include("connect-src 'self'");
    const data = await fetch(`${origin}/data.json`);
    expect(data.status).to.equal(200);
    expect(data.headers.get("cache-control")).to.equal("no-cache");
    const etag = data.headers.get("etag")!;
    expect(etag).to.match(/^"\d+-\d+"$/);
    expect(((await data.json()) as any).title).to.equal("parallel-node dashboard");
    // Revalidation while nothing was mined: 304, no body.
    const again = await fetch(`${origin}/data.json`, { headers: { "If-None-Match": etag } });
    expect(again.status).to.equal(304);
    expect((await fetch(`${origin}/data.json.bak`)).status).to.equal(404);
    expect((await fetch(`${origin}/`, { method: "POST", body: "{}" })).status).to.equal(405);
  });

  it("redraws as blocks are mined; the latest block's graph is parallel_getBlockReport's", async () => {
    ({ page, watch } = await openPage(browser, `${origin}/`, (url) => url.startsWith(`${origin}/`)));
    const ready = () => (globalThis as any).document.body.dataset.ready !== undefined;
    await page.waitForFunction(ready, null, { timeout: 30_000 });
    const renders: number[] = [];
    for (const [round, seed] of [11, 12, 13].entries()) {
      // Round 2: a block picked in the selector stays picked while new blocks come in, as long as it
      // is among the blocks the dashboard sends (DASHBOARD_BLOCKS); then the page goes back to the latest.
      const pinned =
        round === 1 ? Number(await page.locator("#block-select option").first().getAttribute("value")) : null;
      if (pinned !== null) {
        await page.selectOption("#block-select", String(pinned));
        await waitForGraph(page);
      }
      const result = await runLoad(node.url, node.wsUrl, {
        clients: 4,
        transactions: 40 + 20 * round,
        seed,
        timeoutMs: 120_000,
        artifactsDir: artifactsDir(dir),
      });
      expect(result.errors, `round ${round}`).to.deep.equal([]);
      const sent = Math.max(...[...result.receipts.values()].map((receipt) => receipt.blockNumber));
      const text = await settledData(origin, sent);
      await page.waitForFunction(
        (expected) => JSON.stringify((globalThis as any).hardhatParallelReport.data()) === expected,
        text,
        { timeout: 30_000 },
      );
      await waitForGraph(page);
      const latest = JSON.parse(text).timeline.at(-1).block as number;
      expect(latest, `round ${round}`).to.be.at.least(sent);
      const options = await page
        .locator("#block-select option")
        .evaluateAll((list) => list.map((option) => Number((option as any).value)));
      expect(options.at(-1)).to.equal(latest);
      expect(options.length).to.be.at.most(DASHBOARD_BLOCKS);
      if (pinned !== null && options.includes(pinned)) {
        expect(Number(await page.locator("#block-select").inputValue()), "the picked block").to.equal(pinned);
        await page.selectOption("#block-select", String(latest));
        await waitForGraph(page);
      }
      expect(Number(await page.locator("#block-select").inputValue()), "the page follows the latest block").to.equal(
        latest,
      );
      const report = await rpc(node.url, "parallel_getBlockReport", [latest]);
      const graph = await graphOf(page);
      expect(graph.nodes).to.deep.equal(report.transactions.map((tx: any) => `t${tx.index}`));
      const edges = report.transactions.flatMap((tx: any) => tx.dependsOn.map((d: any) => `t${d.tx}->t${tx.index}`));
      expect(graph.edges.sort()).to.deep.equal(edges.sort());
      expect(graph.critical).to.deep.equal(report.criticalPath.map((i: number) => `t${i}`));
      renders.push(await page.evaluate(() => (globalThis as any).hardhatParallelReport.renders));
    }
    expect(renders[2]).to.be.greaterThan(renders[0]);
  });

  it('draws "Blocks over time" with one point per mined block', async () => {
    expect(await page.locator("#timeline canvas").count()).to.be.greaterThan(0);
    const timeline: any[] = await page.evaluate(() => (globalThis as any).hardhatParallelReport.data().timeline);
    const summary = await rpc(node.url, "parallel_getSummary");
    expect(timeline).to.have.length(summary.blocks);
    for (const point of timeline) {
      const report = await rpc(node.url, "parallel_getBlockReport", [point.block]);
      expect(point.transactions, `block ${point.block}`).to.equal(report.transactions.length);
      expect(point.conflictRate).to.equal(report.figures.conflictRate);
      expect(point.measuredSpeedup).to.equal(report.mining.ranOn === "pool" ? report.mining.speedup : null);
    }
    const shown = await page.locator("#block p.dim").first().textContent();
    expect(shown).to.match(/ran (on the worker pool|sequentially)/);
  });

  it("loads nothing from outside its own origin and logs no error; a screenshot is saved", async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // From the top to the end of the block's graph and schedule (the tables and hotspots follow).
    const box = (await page.locator("#block").boundingBox())!;
    const clip = { x: 0, y: 0, width: 1280, height: Math.ceil(box.y + box.height) };
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard.png"), fullPage: true, clip });
    expect(watch.requests).to.deep.equal([]);
    expect(watch.errors).to.deep.equal([]);
  });

  it("SIGINT closes the dashboard and the node: exit 0, the --out report written, no process left", async () => {
    await page.close();
    const exit = await node.stop("SIGINT");
    stopped = true;
    expect(exit.killed, "the node did not exit after SIGINT").to.equal(false);
    expect(exit.code).to.equal(0);
    expect(exit.stdout).to.match(/parallel-node stopped \(SIGINT\): [\d,]+ blocks/);
    const report = JSON.parse(readFileSync(out(), "utf8"));
    expect(report.scenarios[0].mining.blocks.length).to.be.greaterThan(3);
    expect(() => process.kill(node.pid, 0)).to.throw(/ESRCH/);
    const refused = await fetch(`${origin}/`).then(
      () => false,
      () => true,
    );
    expect(refused, "the dashboard still answers").to.equal(true);
  });

  it("a dashboard port in use is one Error line and exit code 1; a negative one is refused", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const result = runHardhat(dir, ["parallel-node", "--port", "0", "--dashboard", "--dashboard-port", String(port)]);
      expect(result.status).to.equal(1);
      expect(result.stderr.trim()).to.equal(
        `Error: dashboard port ${port} on 127.0.0.1 is already in use ` +
          "(stop what listens there, or choose another --dashboard-port)",
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    const negative = runHardhat(dir, ["parallel-node", "--port", "0", "--dashboard", "--dashboard-port", "-5"]);
    expect(negative.status).to.equal(1);
    expect(negative.stderr.trim()).to.match(
      /^Error HHE500: Invalid value "-5" for argument "dashboardPort" of type "INT"/,
    );
  });
});

describe("parallel-node --dashboard: settings and page data", () => {
  it("the dashboard port: the node's + 1 by default, any free one with --port 0, checked", () => {
    const args = { port: -1, blockTime: -1, blockSize: 0, workers: 2 };
    expect(resolveNodeSettings(args, {})).to.include({ dashboard: false, dashboardPort: 8546 });
    expect(resolveNodeSettings({ ...args, port: 0, dashboard: true }, {})).to.include({
      dashboard: true,
      dashboardPort: 0,
    });
    expect(resolveNodeSettings(args, { dashboard: true, dashboardPort: 9000 })).to.include({ dashboardPort: 9000 });
    expect(resolveNodeSettings({ ...args, dashboardPort: 7000 }, { dashboardPort: 9000 }).dashboardPort).to.equal(7000);
    expect(() => resolveNodeSettings({ ...args, dashboardPort: -5 }, {})).to.throw(/--dashboard-port must be 0–65535/);
    const on = { ...args, dashboard: true };
    expect(() => resolveNodeSettings({ ...on, port: 9000, dashboardPort: 9000 }, {})).to.throw(/must differ/);
    expect(() => resolveNodeSettings({ ...on, port: 65535 }, {})).to.throw(/choose a --dashboard-port/);
    expect(resolveNodeSettings({ ...args, port: 65535 }, {}).dashboard).to.equal(false);
    expect(validateNodeUserConfig({ dashboard: "yes", dashboardPort: -5 })).to.deep.equal([
      { path: ["parallel", "node", "dashboardPort"], message: "Expected an integer from 0 to 65535" },
      { path: ["parallel", "node", "dashboard"], message: "Expected true or false" },
    ]);
  });

  it("no block yet: no scenario; predicted speedup at the nearest processor count not above the workers", () => {
    const data = dashboardPageData({ blocks: [], report: undefined, workers: 3, generator: "g", sources: new Map() });
    expect(data).to.deep.include({ title: "parallel-node dashboard", scenarios: [], timeline: [] });
    expect(data.processorCounts).to.deep.equal([2, 3, 4, 8, 16, 32]);
    const schedules = [2, 4, 8].map((processors) => ({ processors, speedup: processors * 0.75 }));
    expect(predictedSpeedup(schedules, 3)).to.equal(1.5);
    expect(predictedSpeedup(schedules, 8)).to.equal(6);
    expect(predictedSpeedup(schedules, 1)).to.equal(1);
  });
});
