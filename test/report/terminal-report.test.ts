import { expect } from "chai";

import { renderTerminalReport } from "../../plugin/internal/report/terminal-report.ts";
import { renderTable } from "../../plugin/internal/report/text-table.ts";
import { sampleReport } from "./sample-report.ts";

const ANSI = /\x1b\[/;

describe("terminal report", () => {
  const title =
    "shows the summary, the tables' columns and the hotspot with file:line, without ANSI codes when color is off";
  it(title, () => {
    const text = renderTerminalReport(sampleReport(), { color: false, top: 10 });
    expect(text).not.to.match(ANSI);
    expect(text).to.match(/^Scenario hot-counter: 2 blocks, 5 txs · conflict 40\.0%/);
    for (const column of [
      "Contract",
      "Txs",
      "Conflict",
      "Score",
      "S∞",
      "Top hotspot",
      "Function",
      "S8",
      "Hotspot",
      "Deps",
      "Writers → readers",
      "Declared at",
      "Block",
    ]) {
      expect(text).to.include(column);
    }
    expect(text).to.include("HotCounter.depositCount");
    expect(text).to.include("contracts/HotCounter.sol:12");
    expect(text).to.include("HotCounter.deposit() → HotCounter.deposit()");
  });

  it("colours with ANSI codes when color is on", () => {
    const text = renderTerminalReport(sampleReport(), { color: true, top: 10 });
    expect(text).to.match(ANSI);
    expect(text.replace(/\x1b\[[0-9;]*m/g, "")).to.equal(
      renderTerminalReport(sampleReport(), { color: false, top: 10 }),
    );
  });

  it("keeps columns aligned, with or without colour, and cuts tables at `top`", () => {
    const table = renderTable(
      ["a", "bb"],
      [
        ["\x1b[31mxxx\x1b[39m", "1"],
        ["y", "22"],
      ],
      ["left", "right"],
    );
    expect(table.replace(/\x1b\[[0-9;]*m/g, "").split("\n")).to.deep.equal(["a    bb", "xxx   1", "y    22"]);
    const text = renderTerminalReport(sampleReport(), { color: false, top: 1 });
    expect(text).to.include("… 1 more");
  });
});
