import { expect } from "chai";

import { expectClose } from "../helpers/expect-close.ts";

import { analyzeCapture } from "../../plugin/internal/analyze/analyze-capture.ts";
import type { ParallelFigures } from "../../plugin/internal/analyze/types.ts";
import { balanceKey } from "../../plugin/internal/capture/state-key.ts";
import { address, block, capture, contract, frame, slot, tx, value } from "./capture-builder.ts";

const speedup = (figures: ParallelFigures, processors: number): number =>
  figures.schedules.find((s) => s.processors === processors)!.speedup;
const makespan = (figures: ParallelFigures, processors: number): number =>
  figures.schedules.find((s) => s.processors === processors)!.makespanGas;

describe("analysis figures", () => {
  it("50 transfers among distinct pairs: no conflict, S∞ 50, S8 = 50/7", () => {
    const txs = Array.from({ length: 50 }, (_, i) =>
      tx({ from: address(i), to: address(100 + i), gas: 21000, writes: { [balanceKey(address(100 + i))]: value(i) } }),
    );
    const figures = analyzeCapture(capture([block(txs)])).blocks[0].figures;
    expect(figures.conflictRate).to.equal(0);
    expect(figures.dependencies).to.equal(0);
    expectClose(figures.score, 0.98, 1e-12);
    expectClose(figures.idealSpeedup, 50, 1e-12);
    // 50 equal tasks on 8 processors: ceil(50/8) = 7 rounds of 21000 gas.
    expect(makespan(figures, 8)).to.equal(7 * 21000);
    expectClose(speedup(figures, 8), 50 / 7, 1e-12);
    expectClose(speedup(figures, 32), 25, 1e-12);
  });

  it("50 swaps on one pool: 49 dependent transactions, score 0, S∞ 1", () => {
    const pool = address(999);
    const txs = Array.from({ length: 50 }, (_, i) =>
      tx({
        from: address(i),
        to: pool,
        gas: 100_000,
        reads: { [slot(pool, 8)]: value(i - 1) },
        writes: { [slot(pool, 8)]: value(i) },
        calls: [frame({ from: address(i), to: pool, input: "0x022c0d9f" })],
      }),
    );
    const analysis = analyzeCapture(capture([block(txs)], [contract(pool, "Pool")]));
    const figures = analysis.blocks[0].figures;
    expect(figures.dependentTransactions).to.equal(49);
    expect(figures.contractDependentTransactions).to.equal(49);
    expect(figures.conflictRate).to.equal(49 / 50);
    expect(figures.score).to.equal(0);
    expect(figures.idealSpeedup).to.equal(1);
    expect(speedup(figures, 32)).to.equal(1);
    expect(analysis.blocks[0].criticalPath).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
  });

  it("a hand-made DAG with unequal gas: critical path, S∞ and S2 by list scheduling", () => {
    /*
     * gas: t0 3, t1 3, t2 3, t3 2, t4 4, t5 1 (total 16); edges t0→t3, t2→t4, t3→t5, t4→t5.
     * Critical path t2→t4→t5 = 3+4+1 = 8 (t0→t3→t5 = 6): S∞ = 16/8 = 2, score = 1 − 8/16 = 0.5.
     * List scheduling on 2 processors, lowest ready index first:
     *   t=0 ready {0,1,2}: t0 [0,3), t1 [0,3)
     *   t=3 ready {2,3}:   t2 [3,6), t3 [3,5)
     *   t=5 nothing ready (t4 waits for t2, t5 for t4); t=6: t4 [6,10); t=10: t5 [10,11)
     * makespan 11 → S2 = 16/11. On 4 processors: t0,t1,t2 [0,3); t3 [3,5), t4 [3,7); t5 [7,8) → S4 = 2.
     * Dependent: t3, t4, t5 → conflict rate 3/6.
     */
    const c = address(500);
    const gas = [3, 3, 3, 2, 4, 1];
    const reads: Record<number, number[]> = { 3: [0], 4: [2], 5: [3, 4] };
    const txs = gas.map((g, i) =>
      tx({
        from: address(i),
        to: c,
        gas: g,
        reads: Object.fromEntries((reads[i] ?? []).map((k) => [slot(c, k), value(k)])),
        writes: { [slot(c, i)]: value(i) },
      }),
    );
    const analysis = analyzeCapture(capture([block(txs)], [contract(c, "Dag")]));
    const [result] = analysis.blocks;
    const figures = result.figures;
    expect(figures.totalGas).to.equal(16);
    expect(figures.criticalPathGas).to.equal(8);
    expect(result.criticalPath).to.deep.equal([2, 4, 5]);
    expect(figures.idealSpeedup).to.equal(2);
    expect(figures.score).to.equal(0.5);
    expect(makespan(figures, 2)).to.equal(11);
    expect(speedup(figures, 2)).to.equal(16 / 11);
    expect(makespan(figures, 4)).to.equal(8);
    expect(figures.dependencies).to.equal(4);
    expect(figures.conflictRate).to.equal(0.5);
    expect(result.transactions[5].dependsOn.map((d) => d.tx)).to.deep.equal([3, 4]);
  });

  it("links a reader to the nearest earlier writer only", () => {
    const c = address(500);
    const k = slot(c, 0);
    const txs = [0, 1, 2].map((i) =>
      tx({ from: address(i), to: c, reads: { [k]: value(i - 1) }, writes: { [k]: value(i) } }),
    );
    const deps = analyzeCapture(capture([block(txs)], [contract(c, "C")])).blocks[0].transactions.map((t) =>
      t.dependsOn.map((d) => d.tx),
    );
    expect(deps).to.deep.equal([[], [0], [1]]);
  });

  it("sums blocks: conflict rate Σ dependent / Σ txs, S∞ Σ gas / Σ critical path", () => {
    const pool = address(999);
    const swap = (i: number, gas: number) =>
      tx({ from: address(i), to: pool, gas, reads: { [slot(pool, 8)]: "0x1" }, writes: { [slot(pool, 8)]: value(i) } });
    const free = (i: number, gas: number) => tx({ from: address(i), to: address(300 + i), gas });
    // Block 1: two chained swaps (200 + 100) and a transfer (100): CP 300, total 400.
    // Block 2: four independent transfers of 100: CP 100, total 400.
    const blocks = [
      block([swap(0, 200), swap(1, 100), free(2, 100)], 1),
      block(
        [0, 1, 2, 3].map((i) => free(10 + i, 100)),
        2,
      ),
    ];
    const { summary, contracts } = analyzeCapture(capture(blocks, [contract(pool, "Pool")]));
    expect(summary.transactions).to.equal(7);
    expect(summary.conflictRate).to.equal(1 / 7);
    expect(summary.totalGas).to.equal(800);
    expect(summary.criticalPathGas).to.equal(400);
    expect(summary.idealSpeedup).to.equal(2);
    expect(summary.score).to.equal(0.5);
    // S2: block 1 makespan 300 (swap0 ‖ transfer, then swap1), block 2 makespan 200.
    expect(makespan(summary, 2)).to.equal(500);
    expect(speedup(summary, 2)).to.equal(800 / 500);
    const poolFigures = contracts.find((c) => c.name === "Pool")!;
    expect(poolFigures.blocks).to.equal(1);
    expect(poolFigures.figures.transactions).to.equal(2);
    expect(poolFigures.figures.conflictRate).to.equal(0.5);
  });

  it("an empty block and zero-gas transactions give finite figures", () => {
    const c = address(500);
    const zero = (i: number) =>
      tx({ from: address(i), to: c, gas: 0, reads: { [slot(c, 0)]: "0x1" }, writes: { [slot(c, 0)]: value(i) } });
    const analysis = analyzeCapture(capture([block([], 1), block([zero(1), zero(2)], 2)], [contract(c, "C")]));
    const [empty, zeros] = analysis.blocks;
    expect(empty.figures).to.deep.include({ transactions: 0, conflictRate: 0, score: 0, idealSpeedup: 1 });
    expect(zeros.figures).to.deep.include({
      transactions: 2,
      dependentTransactions: 1,
      totalGas: 0,
      score: 0,
      idealSpeedup: 1,
    });
    expect(speedup(analysis.summary, 32)).to.equal(1);
    const numbers = [analysis.summary, empty.figures, zeros.figures].flatMap((f) => [
      f.conflictRate,
      f.score,
      f.idealSpeedup,
      ...f.schedules.map((s) => s.speedup),
    ]);
    expect(numbers.every(Number.isFinite)).to.equal(true);
  });
});
