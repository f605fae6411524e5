/**
 * Benchmark (not a test): the HTML report of a large run, opened in Chromium, in one run.
 *
 *   npm run bench:html [-- --transactions 10000 --block-size 250 --scenario mixed-defi --workers 2
 *                          --grouped 2000 --runs 5 --keep]
 *
 * Builds two reports with `parallel-report --html` (this repository's scenarios, from its root):
 * - "drawn": `transactions` in blocks of `block-size` (≤ 300 by default: each block is drawn
 *   transaction by transaction), replayed on `workers` workers (`--rounds 1`; 0: no replay), so
 *   that every block has its measured schedule too;
 * - "grouped": two blocks of `grouped` transactions each (> 300: drawn one node per function),
 *   same scenario and workers; `--grouped 0` leaves it out.
 * Then opens each in Debian's Chromium (test/helpers/browser.ts, 1280×900) and measures, in the page
 * (performance.now(), from the start of navigation; an init script observes the page): the file
 * size; when the page script starts (DOMContentLoaded); the first draw (`document.body.dataset.ready`
 * set) and the conflict graph laid out (`hardhatParallelReport.graphReady` set); the JS heap
 * after load. Then, `runs` times each, the median and the slowest: switching to another block (from
 * the select's change event to the new block's graph laid out), sorting the functions table (from
 * the header's click event to its rows replaced) and clicking a graph node (from the mouseup to the
 * details replaced). Interactions are given as "done (next frame)": the second figure waits for the
 * next animation frame and a task after it, i.e. includes style, layout and paint.
 * Checks: the page loads nothing and logs no error; each clicked node's details are its own.
 * Prints a Markdown table; `--keep` keeps the HTML files and prints their paths.
 */
import type { Browser, Page } from "playwright-core";

import { rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { launchBrowser } from "../test/helpers/browser.ts";
import { REPO_ROOT, runHardhat, writeProject } from "../test/helpers/fixture-project.ts";

const { values: args } = parseArgs({
  options: {
    transactions: { type: "string", default: "10000" },
    "block-size": { type: "string", default: "250" },
    scenario: { type: "string", default: "mixed-defi" },
    workers: { type: "string", default: "2" },
    grouped: { type: "string", default: "2000" },
    runs: { type: "string", default: "5" },
    keep: { type: "boolean", default: false },
  },
});
const transactions = Number(args.transactions);
const blockSize = Number(args["block-size"]);
const workers = Number(args.workers);
const grouped = Number(args.grouped);
const runs = Number(args.runs);
for (const [name, value] of Object.entries({ transactions, "block-size": blockSize, runs })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
}
for (const [name, value] of Object.entries({ workers, grouped })) {
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
}

interface Case {
  name: string;
  transactions: number;
  blockSize: number;
  file: string;
}

interface Interaction {
  done: number;
  frame: number;
}

interface Figures {
  bytes: number;
  blocks: number;
  drawnNodes: number;
  generateS: number;
  scriptStart: number;
  firstDraw: number;
  graphReady: number;
  heapMb: number | null;
  switches: Interaction[];
  sorts: Interaction[];
  clicks: Interaction[];
  problems: string[];
}

/** Runs in the page before its own scripts: marks when it draws, lays out its graph, replaces details and rows. */
function instrument(): void {
  const g = globalThis as any;
  const marks: Record<string, number[]> = {};
  const listeners: Array<(kind: string, time: number) => void> = [];
  const mark = (kind: string) => {
    const time = g.performance.now();
    (marks[kind] ??= []).push(time);
    for (const listener of [...listeners]) listener(kind, time);
  };
  let api: any;
  Object.defineProperty(g, "hardhatParallelReport", {
    configurable: true,
    get: () => api,
    set(value: any) {
      api = value;
      let ready = value.graphReady;
      Object.defineProperty(value, "graphReady", {
        configurable: true,
        enumerable: true,
        get: () => ready,
        set(next: unknown) {
          ready = next;
          if (next === true) mark("graph");
        },
      });
    },
  });
  new g.MutationObserver((records: any[]) => {
    for (const r of records) {
      if (r.type === "attributes" && r.attributeName === "data-ready" && r.target === g.document.body) mark("ready");
      if (r.type === "childList" && r.target.id === "details") mark("details");
      if (r.type === "childList" && r.target.tagName === "TBODY") mark("rows");
    }
  }).observe(g.document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"] });
  g.__bench = {
    marks,
    pending: null,
    /** From the first `start` event (capture, on window) to the next `end` mark, and to the frame after it. */
    arm(start: string, end: string) {
      let t0: number | undefined;
      g.addEventListener(start, () => (t0 ??= g.performance.now()), { capture: true, once: true });
      g.__bench.pending = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${end}" within 20 s of a "${start}"`)), 20_000);
        const listener = (kind: string, time: number) => {
          if (kind !== end || t0 === undefined) return;
          listeners.splice(listeners.indexOf(listener), 1);
          clearTimeout(timer);
          const since = t0;
          g.requestAnimationFrame(() =>
            setTimeout(() => resolve({ done: time - since, frame: g.performance.now() - since })),
          );
        };
        listeners.push(listener);
      });
    },
  };
}

async function timed(page: Page, start: string, end: string, action: () => Promise<void>): Promise<Interaction> {
  await page.evaluate(([s, e]) => (globalThis as any).__bench.arm(s, e), [start, end]);
  await action();
  return page.evaluate(() => (globalThis as any).__bench.pending);
}

async function measure(browser: Browser, c: Case, generateS: number): Promise<Figures> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const url = `file://${c.file}`;
  const problems: string[] = [];
  page.on("request", (request) => {
    if (request.url() !== url) problems.push(`request: ${request.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error}`));
  await page.addInitScript(instrument);
  await page.goto(url, { timeout: 120_000 });
  await page.waitForFunction(() => (globalThis as any).hardhatParallelReport?.graphReady === true, null, {
    timeout: 120_000,
  });
  const load = await page.evaluate(() => {
    const g = globalThis as any;
    const navigation = g.performance.getEntriesByType("navigation")[0];
    const report = g.hardhatParallelReport;
    return {
      scriptStart: navigation.domContentLoadedEventStart as number,
      firstDraw: g.__bench.marks.ready[0] as number,
      graphReady: g.__bench.marks.graph[0] as number,
      heapMb: g.performance.memory ? g.performance.memory.usedJSHeapSize / 2 ** 20 : null,
      blocks: report.data().scenarios[0].blocks.map((b: any) => b.number) as number[],
      drawnNodes: report.graph().nodes().length as number,
    };
  });

  const switches: Interaction[] = [];
  for (let i = 1; i <= runs && load.blocks.length > 1; i++) {
    const number = load.blocks[i % load.blocks.length];
    switches.push(await timed(page, "change", "graph", () => selectBlock(page, number)));
  }
  if (load.blocks.length > 1) await selectBlock(page, load.blocks[0]);

  const sorts: Interaction[] = [];
  const headers = ["Conflict rate", "Transactions", "Function", "Gas", "Score"];
  for (let i = 0; i < runs; i++) {
    const header = page.locator("#table-functions th", { hasText: headers[i % headers.length] }).first();
    sorts.push(await timed(page, "click", "rows", () => header.click()));
  }

  const clicks: Interaction[] = [];
  const graph = page.locator("#graph");
  await graph.scrollIntoViewIfNeeded();
  await page.waitForTimeout(250); // cytoscape re-reads its container's place after a scroll
  const box = (await graph.boundingBox())!;
  const nodes = await page.evaluate(() => {
    const g = globalThis as any;
    const cy = g.hardhatParallelReport.graph();
    const box = cy.container().getBoundingClientRect();
    // Nodes whose centre is in the visible part of the graph, spread over the block.
    const visible = cy.nodes().filter((n: any) => {
      const p = n.renderedPosition();
      return p.x > 5 && p.y > 5 && p.x < box.width - 5 && p.y < box.height - 5;
    });
    return visible.map((n: any) => ({
      id: n.id() as string,
      heading: n.data("tx") !== undefined ? `Transaction #${n.data("tx")}` : (n.id() as string),
      at: n.renderedPosition() as { x: number; y: number },
    }));
  });
  for (let i = 0; i < runs && nodes.length > 0; i++) {
    const node = nodes[Math.floor((i * nodes.length) / runs)];
    clicks.push(await timed(page, "mouseup", "details", () => page.mouse.click(box.x + node.at.x, box.y + node.at.y)));
    const heading = await page.locator("#details h3").textContent();
    if (heading !== node.heading) problems.push(`clicked ${node.id}, details show ${JSON.stringify(heading)}`);
  }
  await page.close();
  return {
    bytes: statSync(c.file).size,
    blocks: load.blocks.length,
    drawnNodes: load.drawnNodes,
    generateS,
    scriptStart: load.scriptStart,
    firstDraw: load.firstDraw,
    graphReady: load.graphReady,
    heapMb: load.heapMb,
    switches,
    sorts,
    clicks,
    problems,
  };
}

async function selectBlock(page: Page, number: number): Promise<void> {
  await page.selectOption("#block-select", String(number));
}

function generate(c: Case): number {
  const start = performance.now();
  const run = runHardhat(REPO_ROOT, [
    "parallel-report",
    ...["--scenario", args.scenario, "--transactions", String(c.transactions), "--block-size", String(c.blockSize)],
    ...(workers > 0 ? ["--workers", String(workers), "--rounds", "1"] : []),
    ...["--html", c.file],
  ]);
  if (run.status !== 0) throw new Error(`parallel-report failed for ${c.name}:\n${run.stdout}\n${run.stderr}`);
  return (performance.now() - start) / 1000;
}

const dir = writeProject({}, "hardhat-parallel-bench-html-");
const cases: Case[] = [{ name: "drawn", transactions, blockSize, file: path.join(dir, "drawn.html") }];
if (grouped > 0) {
  cases.push({ name: "grouped", transactions: 2 * grouped, blockSize: grouped, file: path.join(dir, "grouped.html") });
}
let browser: Browser | undefined;
try {
  const results: Array<{ c: Case; f: Figures }> = [];
  for (const c of cases) {
    console.error(`${c.name}: parallel-report --html, ${c.transactions} transactions in blocks of ${c.blockSize}…`);
    const generateS = generate(c);
    browser ??= await launchBrowser();
    console.error(`${c.name}: written in ${generateS.toFixed(0)} s; measuring in Chromium…`);
    results.push({ c, f: await measure(browser, c, generateS) });
  }
  print(results);
  if (args.keep) for (const { c } of results) console.log(`kept: ${c.file}`);
  const problems = results.flatMap(({ c, f }) => f.problems.map((p) => `${c.name}: ${p}`));
  if (problems.length > 0) {
    console.log(`\n${problems.length} problems:\n  ${problems.slice(0, 10).join("\n  ")}`);
    process.exitCode = 1;
  }
} finally {
  await browser?.close();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}

function print(results: Array<{ c: Case; f: Figures }>): void {
  const ms = (x: number) => `${Math.round(x).toLocaleString("en-US")} ms`;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const interaction = (list: Interaction[]) =>
    list.length === 0
      ? "–"
      : `${ms(median(list.map((x) => x.done)))} (${ms(median(list.map((x) => x.frame)))}); ` +
        `slowest ${ms(Math.max(...list.map((x) => x.frame)))}`;
  const rows: Array<[string, (f: Figures) => string]> = [
    ["report written (parallel-report)", (f) => `${f.generateS.toFixed(0)} s`],
    ["file size", (f) => `${(f.bytes / 2 ** 20).toFixed(1)} MiB`],
    ["blocks · nodes drawn (first block)", (f) => `${f.blocks} · ${f.drawnNodes}`],
    ["page script starts (DOMContentLoaded)", (f) => ms(f.scriptStart)],
    ["first draw (body data-ready)", (f) => ms(f.firstDraw)],
    ["graph laid out (graphReady)", (f) => ms(f.graphReady)],
    ["JS heap after load", (f) => (f.heapMb === null ? "–" : `${f.heapMb.toFixed(0)} MiB`)],
    [`switch block → graph laid out (median of ${runs})`, (f) => interaction(f.switches)],
    [`sort the functions table (median of ${runs})`, (f) => interaction(f.sorts)],
    [`click a node → details (median of ${runs})`, (f) => interaction(f.clicks)],
  ];
  const titles = results.map(
    ({ c }) => `${c.name}: ${c.transactions.toLocaleString("en-US")} tx, blocks of ${c.blockSize}`,
  );
  console.log(
    `\n${args.scenario}${workers > 0 ? `, replayed on ${workers} workers` : ""}; Chromium 1280×900; ` +
      "interactions: done (next frame); times from navigation start\n",
  );
  console.log(`| | ${titles.join(" | ")} |`);
  console.log(`|---|${results.map(() => "---:").join("|")}|`);
  for (const [label, cell] of rows) console.log(`| ${label} | ${results.map(({ f }) => cell(f)).join(" | ")} |`);
}
