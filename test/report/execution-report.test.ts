import type { BlockReplay } from "../../plugin/internal/replay/index.ts";

import { expect } from "chai";

import { reexecutionSummary } from "../../plugin/internal/replay/index.ts";
import { scenarioExecution } from "../../plugin/internal/report/scenario-execution.ts";
import { renderTerminalReport } from "../../plugin/internal/report/terminal-report.ts";
import { expectClose } from "../helpers/expect-close.ts";
import { sampleReport } from "./sample-report.ts";

/** A replayed block of the sample report (blocks 1 and 2), as replayCapture returns it. */
function replay(
  number: number,
  transactions: number,
  sequentialMs: number,
  parallelMs: number,
  extra: Partial<BlockReplay> = {},
): BlockReplay {
  return {
    number,
    transactions,
    sequentialMs,
    parallelMs,
    speedup: sequentialMs / parallelMs,
    predictedSpeedup: null,
    ...reexecutionSummary([]),
    fellBack: false,
    busyMs: [1, 1],
    mismatches: [],
    ...extra,
  };
}

describe("execution report (--execute)", () => {
  it("counts re-executions by reason kind and distinct transactions", () => {
    const summary = reexecutionSummary([
      { tx: 2, reason: "read invalidated", key: "0xa:slot:0x0", writer: 0 },
      { tx: 2, reason: "read invalidated", key: "0xa:slot:0x0", writer: 1 },
      { tx: 3, reason: "missing pre-state", key: "0xb:balance", writer: -1 },
      { tx: 4, reason: "worker lost: exited with code 1", writer: -1 },
    ]);
    expect(summary).to.deep.equal({
      reexecutions: 4,
      reexecutedTransactions: 3,
      reasons: { "read invalidated": 2, "missing pre-state": 1, "worker lost": 1 },
    });
  });

  it("puts the predicted S_k (k = workers) next to each block and takes totals as ratios of sums", () => {
    const analysis = sampleReport().scenarios[0];
    const reasons = { reexecutions: 1, reexecutedTransactions: 1, reasons: { "read invalidated": 1 } };
    const execution = scenarioExecution(
      2,
      [replay(1, 3, 30, 20, { ...reasons, fellBack: true }), replay(2, 2, 10, 20)],
      analysis,
    );
    // Block 1: deposit(1) → deposit(3), transfer(2) alone: gas 40k + 21k‖40k on 2 processors.
    const [first, second] = execution.blocks;
    const gas = (i: number) => analysis.blocks[0].transactions[i].gasUsed;
    expectClose(first.predictedSpeedup!, (gas(0) + gas(1) + gas(2)) / Math.max(gas(0) + gas(2), gas(1)), 1e-12);
    expect(second.predictedSpeedup).to.equal(1); // a chain of two deposits
    expect(execution.totals).to.deep.include({
      blocks: 2,
      transactions: 5,
      sequentialMs: 40,
      parallelMs: 40,
      speedup: 1,
      reexecutions: 1,
      reexecutedTransactions: 1,
      reasons: { "read invalidated": 1 },
      fellBackBlocks: 1,
      mismatches: 0,
    });
  });

  it("renders an Execution table and one loud line per mismatch", () => {
    const report = sampleReport();
    const mismatch = {
      block: 2,
      tx: 1,
      key: "gasUsed",
      expected: "43000",
      got: "41000",
      check: "parallel(2) vs capture",
    };
    const post = {
      block: 2,
      tx: null,
      key: "0xab:slot:0x01",
      expected: "0x2",
      got: "0x1",
      check: "parallel(2) vs sequential",
    };
    const replays = [replay(1, 3, 30, 20), replay(2, 2, 10, 20, { mismatches: [mismatch, post] })];
    report.scenarios[0].execution = scenarioExecution(2, replays, report.scenarios[0]);
    const text = renderTerminalReport(report, { color: false, top: 10 });
    expect(text).to.include("Execution on 2 workers: speedup 1.00×");
    for (const column of ["Seq ms", "Par ms", "Speedup", "S2 predicted", "Re-executed", "Mismatches", "Mode"])
      expect(text).to.include(column);
    expect(text).to.match(/^\s+all\s+5\s+40\.0\s+40\.0\s+1\.00×/m);
    expect(text).to.include("MISMATCH block 2 tx 1 key gasUsed: expected 43000 got 41000 (parallel(2) vs capture)");
    expect(text).to.include(
      "MISMATCH block 2 post-state key 0xab:slot:0x01: expected 0x2 got 0x1 (parallel(2) vs sequential)",
    );
    const coloured = renderTerminalReport(report, { color: true, top: 10 });
    expect(coloured).to.include("\x1b[31m\x1b[1mMISMATCH block 2 tx 1");
  });
});
