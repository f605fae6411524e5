import { expect } from "chai";
import { getBytes, keccak256 } from "ethers";

import { analyzeCapture } from "../../plugin/internal/analyze/analyze-capture.ts";
import { MODEL_NAMES, type ExecutionModels } from "../../plugin/internal/analyze/models/model-types.ts";
import { balanceKey, nonceKey } from "../../plugin/internal/capture/state-key.ts";
import { ParallelError } from "../../plugin/internal/parallel-error.ts";
import { createPalette } from "../../plugin/internal/report/ansi.ts";
import { buildJsonReport, type JsonReport } from "../../plugin/internal/report/json-report.ts";
import { renderTerminalReport } from "../../plugin/internal/report/terminal-report.ts";
import { explainFunction } from "../../plugin/internal/report/terminal-explain.ts";
import { address, block, capture, contract, frame, rawTx, slot, tx, value } from "../analyze/capture-builder.ts";
import { routerCapture } from "../analyze/predicted-fixtures.ts";
import { sampleReport } from "./sample-report.ts";

const counterAt = address(700);
const oracleAt = address(800);
const DEPOSIT = "0xd0e30db0";
const SYNC = "0xfff6cae9";
const PRICE = "0xa035b1fe";
const GAS = 50_000;

/**
 * One block of 8 transactions of 50,000 gas, senders all distinct:
 * t0, t1: Counter.deposit() read and write Counter.count (t0 → t1 under every graph model but bal);
 * t2, t3, t4: Oracle.price() read Oracle.price only (a read-only hot key: an edge only under locks-exclusive);
 * t5, t6: ETH sent to Counter, which never reads its balance (value credits: an edge under optimistic-strict
 *         and the locks models, none under optimistic);
 * t7: Counter.sync() reads Oracle.price (a static call) and writes Counter.lastPrice: touches both contracts.
 */
function modelsCapture() {
  const counter = contract(counterAt, "Counter", {
    functions: { [DEPOSIT]: "deposit()", [SYNC]: "sync()" },
    storage: [
      { label: "count", slot: "0", type: "t_uint256", line: 5 },
      { label: "lastPrice", slot: "1", type: "t_uint256", line: 6 },
    ],
  });
  const oracle = contract(oracleAt, "Oracle", {
    functions: { [PRICE]: "price()" },
    storage: [{ label: "price", slot: "0", type: "t_uint256", line: 4 }],
  });
  const deposit = (i: number) =>
    tx({
      from: address(i),
      to: counterAt,
      gas: GAS,
      reads: { [slot(counterAt, 0)]: value(i - 1) },
      writes: { [slot(counterAt, 0)]: value(i) },
      calls: [frame({ from: address(i), to: counterAt, input: DEPOSIT })],
    });
  const price = (i: number) =>
    tx({
      from: address(i),
      to: oracleAt,
      gas: GAS,
      reads: { [slot(oracleAt, 0)]: value(0) },
      calls: [frame({ from: address(i), to: oracleAt, input: PRICE })],
    });
  const credit = (i: number) => {
    const sender = { [nonceKey(address(i))]: "0x1", [balanceKey(address(i))]: "0xde0b6b3a7640000" };
    return rawTx({
      from: address(i),
      to: counterAt,
      gas: GAS,
      reads: sender,
      writes: { ...sender, [balanceKey(counterAt)]: value(i) },
    });
  };
  const sync = tx({
    from: address(8),
    to: counterAt,
    gas: GAS,
    reads: { [slot(oracleAt, 0)]: value(0) },
    writes: { [slot(counterAt, 1)]: value(0) },
    calls: [
      frame({ from: address(8), to: counterAt, input: SYNC }),
      frame({ from: counterAt, to: oracleAt, input: PRICE, type: "STATICCALL", depth: 1 }),
    ],
  });
  const transactions = [deposit(1), deposit(2), price(3), price(4), price(5), credit(6), credit(7), sync];
  return capture([block(transactions, 1)], [counter, oracle], "models");
}

function modelsReport(shards: number[] = [2, 4]): JsonReport {
  const models = { models: MODEL_NAMES, shards };
  return buildJsonReport([analyzeCapture(modelsCapture(), { models }), analyzeCapture(routerCapture(), { models })], {
    hardhatVersion: "3.18.0",
    pluginVersion: "0.1.0",
    generatedAt: "2026-12-01T00:00:00.000Z",
    options: {},
  });
}

/** The lines of scenario `index`'s "Execution models" section (up to the Blocks table). */
function section(text: string, index: number): string[] {
  const scenario = text.split("\n\n\n")[index];
  const start = scenario.indexOf("  Execution models");
  expect(start, scenario).to.be.greaterThan(-1);
  return scenario.slice(start, scenario.indexOf("\n\n", start)).split("\n");
}

/** The cells of the line starting (after its indent) with `label`, split on runs of 2+ spaces. */
function row(lines: readonly string[], label: string): string[] {
  const line = lines.find((l) => l.trimStart().startsWith(label + "  "));
  expect(line, `no row ${label} in\n${lines.join("\n")}`).to.not.equal(undefined);
  return line!.trim().split(/\s{2,}/);
}

/** The hash shard of an address (README: keccak256 of its 20 bytes, big-endian, mod s). */
const hashShard = (at: string, shards: number): number => Number(BigInt(keccak256(getBytes(at))) % BigInt(shards));

describe("execution models in the terminal report", () => {
  it("a row per graph model: S2…S32 and the limit at 32, recomputed by hand", () => {
    const lines = section(renderTerminalReport(modelsReport(), { color: false, top: 10 }), 0);
    expect(lines[0]).to.equal("  Execution models (speedup on k threads: Σ gas / Σ makespan)");
    expect(row(lines, "Model")).to.deep.equal(["Model", "S2", "S4", "S8", "S16", "S32", "Limit at 32"]);
    // optimistic: one edge t0 → t1 (critical path 100,000 of 400,000 gas): k = 2 runs 4 rounds, k ≥ 4 two.
    expect(row(lines, "optimistic (Block-STM)")).to.deep.equal([
      "optimistic (Block-STM)",
      "2.00×",
      "4.00×",
      "4.00×",
      "4.00×",
      "4.00×",
      "dependencies",
    ]);
    // strict: t5 → t6 too. k = 4: t0, t2, t3, t4; then t1, t5, t7; t6 waits for t5 (150,000 gas).
    expect(row(lines, "optimistic, strict credits").slice(1)).to.deep.equal([
      "2.00×",
      "2.67×",
      "4.00×",
      "4.00×",
      "4.00×",
      "dependencies",
    ]);
    // bal: no edges; at 16 and 32 threads one transaction is the makespan.
    expect(row(lines, "BAL-parallel validation").slice(1)).to.deep.equal([
      "2.00×",
      "4.00×",
      "8.00×",
      "8.00×",
      "8.00×",
      "largest-transaction",
    ]);
    expect(lines.some((l) => /↳ builder: runs each block in order \(1\.00×\)/.test(l))).to.equal(true);
    // locks: t0 → t1 (count) and t5 → t6 (the credits write-lock Counter.balance), as strict.
    expect(row(lines, "locks, declared = actual").slice(1, 4)).to.deep.equal(["2.00×", "2.67×", "4.00×"]);
    // exclusive: the read-only Oracle.price serializes t2 → t3 → t4 → t7 (200,000 gas).
    expect(row(lines, "locks, every key exclusive").slice(1)).to.deep.equal([
      "2.00×",
      "2.00×",
      "2.00×",
      "2.00×",
      "2.00×",
      "dependencies",
    ]);
    // No predicted sets in this capture: locks-predicted is not computed, and says why.
    expect(lines.some((l) => /^ {4}locks-predicted: not computed \(\S/.test(l))).to.equal(true);
  });

  it("sharded rows: per placement and shard count, cross-shard share, speedup and limit", () => {
    const report = modelsReport([2, 4]);
    const lines = section(renderTerminalReport(report, { color: false, top: 10 }), 0);
    const header = ["Placement", "Shards", "Cross-shard", "Speedup", "Duplication", "Imbalance", "Limit"];
    expect(row(lines, "Placement")).to.deep.equal(header);
    const sharded = report.scenarios[0].models!.sharded!;
    expect(sharded.map((s) => [s.placement, s.shards])).to.deep.equal([
      ["hash", 2],
      ["hash", 4],
      ["partition", 2],
      ["partition", 4],
    ]);
    for (const shards of [2, 4]) {
      // Only t7 touches both contracts: cross-shard under hash when they hash apart.
      const apart = hashShard(counterAt, shards) !== hashShard(oracleAt, shards);
      const hash = sharded.find((s) => s.placement === "hash" && s.shards === shards)!;
      expect(hash.crossShard).to.equal(apart ? 1 : 0);
      // Counter: 5 txs (t0, t1, t5, t6, t7), Oracle 4 (t2, t3, t4, t7), 250,000 and 200,000 gas.
      expect(hash.speedup).to.equal(apart ? 400_000 / 250_000 : 1);
      // Apart: duplication 450,000 / 400,000, imbalance 250,000 / (450,000 / s); together: imbalance s.
      const [duplication, imbalance] = apart ? [1.125, 250_000 / (450_000 / shards)] : [1, shards];
      const limit = duplication >= imbalance ? "cross-shard" : "shard-load";
      const cells = lines
        .find((l) => new RegExp(`^ {4}hash\\s+${shards}\\s`).test(l))!
        .trim()
        .split(/\s{2,}/);
      expect(cells).to.deep.equal([
        "hash",
        String(shards),
        apart ? "12.5%" : "0.0%",
        apart ? "1.60×" : "1.00×",
        `${duplication.toFixed(2)}×`,
        `${imbalance.toFixed(2)}×`,
        limit,
      ]);
    }
  });

  it("per contract and per function: S8 under each model, cross-shard share at the largest shard count", () => {
    const report = modelsReport([2, 4]);
    const lines = section(renderTerminalReport(report, { color: false, top: 10 }), 0);
    const contracts = lines.indexOf(lines.find((l) => l.startsWith("  Models per contract"))!);
    const functions = lines.indexOf(lines.find((l) => l.startsWith("  Models per function"))!);
    expect(lines[contracts]).to.equal("  Models per contract (S8 per model; Hash/Part: cross-shard share at 4 shards)");
    const header = ["Txs", "Optim.", "Strict", "BAL", "Locks", "Excl.", "Hash@4", "Part@4"];
    expect(row(lines, "Contract")).to.deep.equal(["Contract", ...header]);
    expect(row(lines, "Function")).to.deep.equal(["Function", ...header]);
    // Rows by transactions: Counter (5) before Oracle (4).
    const contractRows = lines.slice(contracts + 2, functions).map((l) => l.trim().split(/\s{2,}/));
    expect(contractRows.map((r) => r.slice(0, 2))).to.deep.equal([
      ["Counter", "5"],
      ["Oracle", "4"],
    ]);
    const figures = report.scenarios[0].models!.contracts.find((c) => c.name === "Oracle")!.models;
    const s8 = (model: string) =>
      figures.find((f) => f.model === model)!.speedups.find((s) => s.threads === 8)!.speedup;
    expect(contractRows[1].slice(2, 7)).to.deep.equal(
      ["optimistic", "optimistic-strict", "bal", "locks", "locks-exclusive"].map((m) => `${s8(m).toFixed(2)}×`),
    );
    // Oracle's reads serialize only under locks-exclusive: 4 txs in one chain.
    expect(s8("bal")).to.equal(4);
    expect(s8("locks-exclusive")).to.equal(1);
    const price = row(lines, "Oracle.price()");
    expect(price[1]).to.equal("4");
  });

  it("locks-predicted: the misses under the row (txs re-run, gas wasted, keys missed), limit misses", () => {
    const report = modelsReport();
    const lines = section(renderTerminalReport(report, { color: false, top: 10 }), 1);
    const models = report.scenarios[1].models as ExecutionModels;
    const predicted = models.summary.find((f) => f.model === "locks-predicted")!;
    // routerCapture: t1 predicted pool B, ran on pool A: missed, re-run after t0 (a barrier), 21,000 gas wasted.
    expect(predicted.misses).to.deep.include({ transactions: 1, wastedGas: 21_000 });
    expect(predicted.totalGas).to.equal(84_000);
    expect(row(lines, "locks, declared = predicted").slice(1)).to.deep.equal([
      "1.00×",
      "1.00×",
      "1.00×",
      "1.00×",
      "1.00×",
      "misses",
    ]);
    const misses = lines.find((l) => l.includes("↳ misses:"))!;
    expect(misses).to.match(/↳ misses: 1 tx re-run, 21,000 gas wasted; missed: Pair\.reserve/);
  });

  it("honours --top, and has no section without models", () => {
    const lines = section(renderTerminalReport(modelsReport(), { color: false, top: 1 }), 0);
    const contracts = lines.findIndex((l) => l.startsWith("  Models per contract"));
    expect(lines[contracts + 2].trim().split(/\s{2,}/)[0]).to.equal("Counter");
    expect(lines[contracts + 3].trim()).to.equal("… 1 more");
    expect(renderTerminalReport(sampleReport(), { color: false, top: 10 })).to.not.include("Execution models");
    const text = renderTerminalReport(modelsReport(), { color: false, top: 10 });
    for (const line of [...section(text, 0), ...section(text, 1)]) {
      expect(line.length, line).to.be.at.most(120);
    }
  });
});

describe("--explain", () => {
  const plain = createPalette(false);

  it("names the variable responsible under each model, with raw/waw/war counts", () => {
    const text = explainFunction(modelsReport(), "Oracle.price", plain);
    const lines = text.split("\n");
    expect(lines[0]).to.equal("Explain Oracle.price() in scenario models: 4 txs");
    const exclusive = lines.findIndex((l) => l.startsWith("  locks, every key exclusive:"));
    expect(exclusive).to.be.greaterThan(0);
    const block = lines.slice(
      exclusive,
      lines.findIndex((l, i) => i > exclusive && /^ {2}\S/.test(l)),
    );
    expect(block.join("\n")).to.match(/limit: .*dependencies/);
    expect(block.some((l) => /^ {6}Oracle\.price: \d+ conflicts? \(raw 0, waw \d+, war \d+\)$/.test(l))).to.equal(true);
    const bal = lines.slice(lines.findIndex((l) => l.startsWith("  BAL-parallel validation:")));
    expect(bal[4]).to.equal("    no key behind an edge");
    // Sharded figures are per top-level function: t2, t3, t4 call Oracle.price(), t7 calls Counter.sync().
    expect(text).to.match(/^ {4}hash, 2 shards: \d\/3 txs cross-shard/m);
    // The full name works too, and gives the same text.
    expect(explainFunction(modelsReport(), "Oracle.price()", plain)).to.equal(text);
  });

  it("an unknown or ambiguous name: one ParallelError line with the candidates", () => {
    const report = modelsReport();
    expect(() => explainFunction(report, "Oracle.prices", plain)).to.throw(ParallelError, /close: Oracle\.price\(\)/);
    expect(() => explainFunction(report, "Nope.nope", plain)).to.throw(ParallelError, /^--explain Nope\.nope: no such/);
    const twice = structuredClone(report);
    const functions = twice.scenarios[0].models!.functions;
    functions.push({ ...functions.find((f) => f.name === "Oracle.price()")!, name: "Oracle.price(uint256)" });
    expect(() => explainFunction(twice, "Oracle.price", plain)).to.throw(
      ParallelError,
      "--explain Oracle.price matches 2 functions, give the full name: Oracle.price(), Oracle.price(uint256)",
    );
    expect(() => explainFunction(sampleReport(), "HotCounter.deposit", plain)).to.throw(
      ParallelError,
      /no execution models/,
    );
  });
});
