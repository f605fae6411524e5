import type { Browser, Page } from "playwright-core";
import type { SuiteAnalysis } from "../../plugin/internal/suite/types.ts";

import { expect } from "chai";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { HOT_BOX, boxProject } from "../helpers/box-project.ts";
import { runHardhat } from "../helpers/fixture-project.ts";
import { type PageWatch, launchBrowser, openPage } from "../helpers/browser.ts";
import { SCREENSHOTS } from "./page-driver.ts";

/** A second contract for the Box project, so that the matrix has several writers and readers. */
const LEDGER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Ledger {
    uint256 public total;
    uint256 public entries;
    mapping(address => uint256) public credit;
    mapping(address => uint256) public seen;

    function add(uint256 amount) external {
        total += amount;
        entries += 1;
        credit[msg.sender] += amount;
    }

    function take(uint256 amount) external {
        require(credit[msg.sender] >= amount, "no credit");
        credit[msg.sender] -= amount;
        total -= amount;
    }

    function check() external {
        seen[msg.sender] = total;
    }
}
`;

const LEDGER_TEST = `import { expect } from "chai";
import { network } from "hardhat";

describe("Ledger", () => {
  it("adds, takes and checks from several users", async () => {
    const { ethers } = await network.create();
    const [alice, bob, carol, dave] = await ethers.getSigners();
    const ledger = await ethers.deployContract("Ledger");
    for (const user of [alice, bob, carol, dave, alice, bob, carol, dave]) await ledger.connect(user).add(10n);
    for (const user of [alice, bob, carol]) await ledger.connect(user).take(5n);
    for (const user of [dave, alice, bob, carol]) await ledger.connect(user).check();
    expect(await ledger.total()).to.equal(65n);
  });
});
`;

/**
 * `parallel-report --tests --html` on the Box project (and a second contract), opened in Chromium:
 * the "Test suite" tab, the function conflict matrix as the JSON suite report has it, the Box
 * hotspot with its declaration line and a suggestion, sortable tables; it loads nothing.
 */
describe("parallel-report --tests --html (in a real browser)", function () {
  this.timeout(300_000);
  let project: string;
  let suite: SuiteAnalysis;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  before(async () => {
    project = boxProject();
    writeFileSync(path.join(project, "contracts/Ledger.sol"), LEDGER);
    writeFileSync(path.join(project, "test/ledger.ts"), LEDGER_TEST);
    const run = runHardhat(project, ["parallel-report", "--tests", "--html", "report.html", "--out", "suite.json"]);
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.include("2 passing");
    suite = JSON.parse(readFileSync(path.join(project, "suite.json"), "utf8")).suite;
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser();
    ({ page, watch } = await openPage(browser, `file://${path.join(project, "report.html")}`));
    // A page without blocks has no conflict graph: wait for its first draw.
    await page.waitForFunction(() => (globalThis as any).document.body.dataset.ready !== undefined, null, {
      timeout: 30_000,
    });
  });

  after(async () => {
    await browser?.close();
    if (project !== undefined) rmSync(project, { recursive: true, force: true });
  });

  it("has the Test suite tab, open, and no scenario tab", async () => {
    expect(await page.locator("nav button").allTextContents()).to.deep.equal(["Test suite"]);
    expect(await page.locator("nav button.active").textContent()).to.equal("Test suite");
    expect(await page.locator("#overview h2").textContent()).to.equal("Test suite");
  });

  it("draws the heat map's cells exactly as the JSON suite report's matrix", async () => {
    const drawn = await page.locator("#matrix table.heatmap").evaluate((table) => {
      const rows = [...table.querySelectorAll("tr")];
      const readers = [...rows[0].querySelectorAll("th.col")].map((th) => th.textContent);
      return rows.slice(1).flatMap((tr) => {
        const writer = tr.querySelector("th")!.textContent;
        return [...tr.querySelectorAll("td")].map((td, i) => ({
          writer,
          reader: readers[i],
          text: td.textContent,
          title: td.getAttribute("title"),
          coloured: td.getAttribute("style") !== null,
        }));
      });
    });
    const writers = [...new Set(suite.matrix.map((c) => c.writer))];
    const readers = [...new Set(suite.matrix.map((c) => c.reader))];
    expect(writers.length, "several writers").to.be.at.least(3);
    expect(readers.length, "several readers").to.be.greaterThan(writers.length);
    expect(drawn).to.have.length(writers.length * readers.length);
    for (const cell of drawn) {
      const c = suite.matrix.find((m) => m.writer === cell.writer && m.reader === cell.reader);
      const at = `${cell.writer} × ${cell.reader}`;
      if (c === undefined) {
        expect([cell.text, cell.title, cell.coloured], at).to.deep.equal(["", null, false]);
      } else {
        expect([cell.text, cell.title, cell.coloured], at).to.deep.equal([
          String(c.keys),
          c.variables.join(", "),
          true,
        ]);
      }
    }
    expect(drawn.filter((cell) => cell.text !== "")).to.have.length(suite.matrix.length);
    expect(suite.matrix).to.deep.include({
      writer: "Box.deposit(uint256)",
      reader: "Box.deposit(uint256)",
      variables: ["Box.depositCount"],
      keys: 1,
    });
    await page.locator("#matrix").screenshot({ path: path.join(SCREENSHOTS, "heatmap.png") });
  });

  it("shows the Box.depositCount hotspot with its declaration line and a suggestion", async () => {
    const hotspot = page.locator("#hotspots .hotspot", { hasText: "Box.depositCount" });
    expect(await hotspot.count()).to.equal(1);
    const declared = suite.hotspots.find((h) => h.contract === "Box" && h.variable === "depositCount")!;
    expect([declared.sourceName, declared.line]).to.deep.equal(["contracts/Box.sol", 5]);
    expect(await hotspot.locator("p.dim").textContent()).to.equal("declared at contracts/Box.sol:5");
    const line = HOT_BOX.split("\n")[declared.line! - 1];
    expect(line.trim()).to.equal("uint256 public depositCount;");
    expect(await hotspot.locator("pre.source .declared").textContent()).to.equal(`   5 ${line}\n`);
    expect(await hotspot.locator("pre.source .line").count()).to.be.greaterThan(1);
    const suggestion = await hotspot.locator(".suggestion").textContent();
    expect(suggestion).to.match(/^Suggestion: `depositCount` changes by \+1 in each of 6 calls of Box\.deposit/);
  });

  it("sorts the functions table on a click of a header, and the other way on a second click", async () => {
    const header = page.locator("#table-suite-functions th", { hasText: "Calls" });
    const column = () =>
      page
        .locator("#table-suite-functions tbody tr td:nth-child(2)")
        .evaluateAll((tds) => tds.map((td) => Number(td.textContent!.replace(/,/g, ""))));
    const names = () => page.locator("#table-suite-functions tbody tr td:nth-child(1)").allTextContents();
    await header.click();
    const descending = await column();
    expect(descending).to.have.length(suite.functions.length);
    expect(new Set(descending).size, "a column with one value proves no sort").to.be.greaterThan(2);
    expect(descending).to.deep.equal([...descending].sort((a, b) => b - a));
    expect(await header.getAttribute("data-sort")).to.equal("desc");
    await header.click();
    expect(await column()).to.deep.equal([...descending].reverse());
    await page.locator("#table-suite-functions th", { hasText: "Function" }).click();
    const sorted = await names();
    expect(sorted).to.deep.equal([...sorted].sort((a, b) => a.localeCompare(b)));
    expect(sorted).to.have.members(suite.functions.map((f) => f.function));
  });

  it("made no network request and logged no console error", () => {
    expect(watch.requests).to.deep.equal([]);
    expect(watch.errors).to.deep.equal([]);
  });
});
