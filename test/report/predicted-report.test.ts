import { expect } from "chai";

import { analyzeCapture } from "../../plugin/internal/analyze/analyze-capture.ts";
import { buildJsonReport, type JsonReport } from "../../plugin/internal/report/json-report.ts";
import { renderTerminalReport } from "../../plugin/internal/report/terminal-report.ts";
import { routerCapture, transferCallsCapture } from "../analyze/predicted-fixtures.ts";
import { sampleReport } from "./sample-report.ts";

function predictedReport(): JsonReport {
  return buildJsonReport([analyzeCapture(routerCapture()), analyzeCapture(transferCallsCapture())], {
    hardhatVersion: "3.18.0",
    pluginVersion: "0.1.0",
    generatedAt: "2026-11-25T00:00:00.000Z",
    options: {},
  });
}

/** The lines of the "Predicted access lists" section of the scenario `index` (up to the Blocks table). */
function section(text: string, index: number): string[] {
  const scenario = text.split("\n\n\n")[index];
  const start = scenario.indexOf("  Predicted access lists");
  expect(start).to.be.greaterThan(-1);
  return scenario.slice(start, scenario.indexOf("\n\n", start)).split("\n");
}

describe("predicted access in the report", () => {
  it("JSON: an optional predictedAccess per scenario that survives a round trip", () => {
    const report = predictedReport();
    expect(JSON.parse(JSON.stringify(report))).to.deep.equal(report);
    const [router, transfers] = report.scenarios;
    expect(router.predictedAccess?.summary).to.deep.include({ transactions: 3, complete: 2, missedDependencies: 1 });
    expect(transfers.predictedAccess?.accessLists.map((l) => [l.function, l.calls, l.constantKeys])).to.deep.equal([
      ["Token.transfer(address,uint256)", 3, 2],
    ]);
    expect(Object.keys(sampleReport().scenarios[0])).to.not.include("predictedAccess");
  });

  it("terminal: per function complete %, missed keys and dependencies, then the EIP-2930 lists", () => {
    const text = renderTerminalReport(predictedReport(), { color: false, top: 10 });
    const router = section(text, 0);
    // Router: 2 of 3 complete, t0 → t1 missed, t1 → t2 false (see routerCapture).
    expect(router[0]).to.equal("  Predicted access lists: 2/3 txs complete (66.7%), 1 missed dep, 1 false dep");
    expect(router[1]).to.match(/^ {4}Function\s+Txs\s+Complete\s+Missed deps\s+False deps\s+Missed keys$/);
    const missedKeys = "Pair.reserve0 ×1, Pair.reserve1 ×1";
    expect(router[2]).to.match(/^ {4}Router\.swap\(uint256\)\s+1\s+0\.0%\s+1\s+0\s+Pair\.reserve0 ×1/);
    expect(router[2].endsWith(`  ${missedKeys}`)).to.equal(true);
    expect(router[3]).to.match(/^ {4}Pair\.swap\(uint256,uint256,address,bytes\)\s+2\s+100\.0%\s+0\s+1\s+-$/);
    expect(router[4]).to.equal("  Access lists to declare (EIP-2930)");
    // Pair.swap ran on A then on B: nothing constant, both reserves vary; Router.swap's one call: A's two slots.
    expect(router[6]).to.match(/^ {4}Pair\.swap\(\S+\)\s+2\s+0 addresses, 0 keys\s+Pair\.reserve0, Pair\.reserve1$/);
    expect(router[7]).to.match(/^ {4}Router\.swap\(uint256\)\s+1\s+1 address, 2 keys\s+-$/);
    const transfers = section(text, 1);
    expect(transfers[0]).to.equal("  Predicted access lists: 4/4 txs complete (100.0%), 0 missed deps, 0 false deps");
    const [transfer] = transfers.slice(-1);
    expect(transfer).to.match(/^ {4}Token\.transfer\(address,uint256\)\s+3\s+2 addresses, 2 keys\s+Token\.balanceOf/);
    expect(transfer.endsWith("  Token.balanceOf[arg0], Token.balanceOf[msg.sender], Hook (1/3 calls)")).to.equal(true);
  });

  it("terminal: honours --top, and has no such section without predicted sets", () => {
    const router = section(renderTerminalReport(predictedReport(), { color: false, top: 1 }), 0);
    // One row each: the function with the most missed dependencies, the list with the most calls.
    expect(router.map((line) => line.trim().split(/\s{2,}/)[0])).to.deep.equal([
      "Predicted access lists: 2/3 txs complete (66.7%), 1 missed dep, 1 false dep",
      "Function",
      "Router.swap(uint256)",
      "… 1 more",
      "Access lists to declare (EIP-2930)",
      "Function",
      "Pair.swap(uint256,uint256,address,bytes)",
      "… 1 more",
    ]);
    expect(renderTerminalReport(sampleReport(), { color: false, top: 10 })).to.not.include("Predicted access lists");
  });
});
