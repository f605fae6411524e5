/** A small two-block hot-counter report for the report tests. */
import { analyzeCapture } from "../../plugin/internal/analyze/analyze-capture.ts";
import { buildJsonReport, type JsonReport } from "../../plugin/internal/report/json-report.ts";
import { address, block, capture, contract, frame, slot, tx, value } from "../analyze/capture-builder.ts";

export function sampleReport(): JsonReport {
  const counter = address(700);
  const meta = contract(counter, "HotCounter", {
    functions: { "0xd0e30db0": "deposit()" },
    storage: [{ label: "depositCount", slot: "0", type: "t_uint256", line: 12 }],
  });
  const deposit = (i: number) =>
    tx({
      from: address(i),
      to: counter,
      gas: 40_000,
      reads: { [slot(counter, 0)]: value(i - 1) },
      writes: { [slot(counter, 0)]: value(i) },
      calls: [frame({ from: address(i), to: counter, input: "0xd0e30db0" })],
    });
  const transfer = (i: number) => tx({ from: address(i), to: address(100 + i) });
  const blocks = [block([deposit(1), transfer(2), deposit(3)], 1), block([deposit(4), deposit(5)], 2)];
  return buildJsonReport([analyzeCapture(capture(blocks, [meta], "hot-counter"))], {
    hardhatVersion: "3.18.0",
    pluginVersion: "0.1.0",
    generatedAt: "2026-11-25T00:00:00.000Z",
    options: { seed: 1, out: undefined },
  });
}
