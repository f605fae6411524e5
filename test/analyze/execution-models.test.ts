import { expect } from "chai";
import { keccak256 } from "ethers";

import { expectClose } from "../helpers/expect-close.ts";

import { analyzeCapture } from "../../plugin/internal/analyze/analyze-capture.ts";
import { MODEL_NAMES, type ModelFigures } from "../../plugin/internal/analyze/models/model-types.ts";
import type { ExecutionModels, GraphModelName } from "../../plugin/internal/analyze/models/model-types.ts";
import { balanceKey, nonceKey } from "../../plugin/internal/capture/state-key.ts";
import type { CaptureResult } from "../../plugin/internal/capture/types.ts";
import { address, block, capture, contract, frame, rawTx, slot, tx, value } from "./capture-builder.ts";
import { predicted, routerCapture } from "./predicted-fixtures.ts";

const W = 100_000;
const ALL = { models: MODEL_NAMES, shards: [2, 4, 8] };

const modelsOf = (result: CaptureResult, shards = [2, 4, 8]): ExecutionModels =>
  analyzeCapture(result, { models: { models: MODEL_NAMES, shards } }).models!;
const figures = (models: ExecutionModels, model: GraphModelName): ModelFigures =>
  models.summary.find((entry) => entry.model === model)!;
const speedup = (f: ModelFigures, k: number): number => f.speedups.find((s) => s.threads === k)!.speedup;
const limit = (f: ModelFigures, k: number): string => f.speedups.find((s) => s.threads === k)!.limit;
/** Every transaction with its predicted sets equal to its real ones (a perfect prediction). */
const perfect = (result: CaptureResult): CaptureResult => ({
  ...result,
  blocks: result.blocks.map((b) => ({ ...b, transactions: b.transactions.map((t) => predicted(t)) })),
});
/** A sender's own keys, read and written (its nonce and the fee it pays). */
const own = (i: number) => ({ [nonceKey(address(i))]: value(i), [balanceKey(address(i))]: value(i) });

describe("execution models", () => {
  it("WAW only: two credits to one vault conflict under locks and strict credits, not under optimistic", () => {
    /*
     * t0, t1 send ETH to Vault (a blind write of its balance: written, never read); t2, t3 transfer to EOAs.
     * Each 100,000 gas. optimistic: no edge: S2 = 2, S4 = 4 (threads). locks: t0 → t1 (WAW on Vault.balance),
     * critical path 200,000: S4 = 400,000 / 200,000 = 2 (dependencies). optimistic-strict reads credited
     * balances: t0 → t1 (RAW), the same figures as locks. bal: no edge.
     */
    const vault = address(500);
    const credit = (i: number) =>
      rawTx({
        from: address(i),
        to: vault,
        gas: W,
        reads: own(i),
        writes: { ...own(i), [balanceKey(vault)]: value(10 + i) },
        calls: [frame({ from: address(i), to: vault })],
      });
    const pay = (i: number) => rawTx({ from: address(i), to: address(200 + i), gas: W, reads: own(i), writes: own(i) });
    const models = modelsOf(
      perfect(capture([block([credit(0), credit(1), pay(2), pay(3)])], [contract(vault, "Vault")])),
    );

    const optimistic = figures(models, "optimistic");
    expect(optimistic.dependencies).to.equal(0);
    expect(speedup(optimistic, 4)).to.equal(4);
    expect(limit(optimistic, 4)).to.equal("threads");
    for (const model of ["locks", "optimistic-strict", "locks-exclusive", "locks-predicted"] as const) {
      const f = figures(models, model);
      expect(f.dependencies, model).to.equal(1);
      expect(f.criticalPathGas, model).to.equal(2 * W);
      expect(speedup(f, 2), model).to.equal(2);
      expect(speedup(f, 4), model).to.equal(2);
      expect(limit(f, 4), model).to.equal("dependencies");
      expect(f.keys[0].name, model).to.equal("Vault.balance");
    }
    expect(figures(models, "locks").keys[0]).to.include({ conflicts: 1, waw: 1, raw: 0, war: 0 });
    expect(figures(models, "optimistic-strict").keys[0]).to.include({ conflicts: 1, raw: 1, waw: 0 });
    expect(speedup(figures(models, "bal"), 4)).to.equal(4);
    expect(figures(models, "locks-predicted").misses).to.deep.include({ transactions: 0, wastedGas: 0 });
  });

  it("a read-only hot key serializes only under exclusive locks", () => {
    /* t0..t3 read Oracle.price and write their own keys. Exclusive locks: a chain of 4: S∞ 1. */
    const oracle = address(600);
    const reader = (i: number) =>
      tx({ from: address(i), to: oracle, gas: W, reads: { [slot(oracle, 0)]: "0x5" }, writes: {} });
    const oracleContract = contract(oracle, "Oracle", { storage: [{ label: "price", slot: "0", type: "t_uint256" }] });
    const models = modelsOf(perfect(capture([block([0, 1, 2, 3].map(reader))], [oracleContract])));
    for (const model of ["optimistic", "optimistic-strict", "bal", "locks", "locks-predicted"] as const) {
      expect(figures(models, model).dependencies, model).to.equal(0);
      expect(speedup(figures(models, model), 4), model).to.equal(4);
    }
    const exclusive = figures(models, "locks-exclusive");
    expect(exclusive.dependencies).to.equal(3);
    expect(exclusive.criticalPathGas).to.equal(4 * W);
    expect(speedup(exclusive, 32)).to.equal(1);
    expect(exclusive.keys[0]).to.include({ name: "Oracle.price", conflicts: 3, waw: 3 });
  });

  it("a hot counter serializes under every model but BAL-parallel validation", () => {
    const counter = address(700);
    const bump = (i: number) =>
      tx({
        from: address(i),
        to: counter,
        gas: W,
        reads: { [slot(counter, 0)]: value(i - 1) },
        writes: { [slot(counter, 0)]: value(i) },
      });
    const counterContract = contract(counter, "Counter", {
      storage: [{ label: "count", slot: "0", type: "t_uint256" }],
    });
    const models = modelsOf(perfect(capture([block([0, 1, 2, 3].map(bump))], [counterContract])));
    for (const model of ["optimistic", "optimistic-strict", "locks", "locks-predicted", "locks-exclusive"] as const) {
      const f = figures(models, model);
      expect(f.dependencies, model).to.equal(3);
      expect(speedup(f, 8), model).to.equal(1);
      expect(limit(f, 8), model).to.equal("dependencies");
      expect(f.keys[0].name, model).to.equal("Counter.count");
    }
    const bal = figures(models, "bal");
    expect(bal.dependencies).to.equal(0);
    expect(speedup(bal, 2)).to.equal(2);
    expect(speedup(bal, 8)).to.equal(4);
    expect(limit(bal, 8)).to.equal("largest-transaction");
    expect(models.builder).to.deep.equal({ speedup: 1, balBytes: null });
    // Per contract: the counter's scope is the whole block.
    const scope = models.contracts.find((entry) => entry.name === "Counter")!;
    expect(
      speedup(
        scope.models.find((m) => m.model === "optimistic")!,
        4,
      ),
    ).to.equal(1);
    expect(
      speedup(
        scope.models.find((m) => m.model === "bal")!,
        4,
      ),
    ).to.equal(4);
  });

  it("a router whose route moved: locks with predicted lists pay for the miss", () => {
    /*
     * routerCapture: t0 swaps on A; t1 routes through A in the block but through B alone; t2 swaps on B.
     * 21,000 gas each. locks (actual): t0 → t1 on A's reserves; t2 free: critical 42,000, S2 = 63,000/42,000.
     * locks-predicted: t1 declared B only and missed A: it runs twice (weight 42,000), waits for t0, and holds B,
     * so t2 waits for it: chain 21,000 + 42,000 + 21,000 = 84,000 = all the gas (84,000): S2 = 1, limit misses.
     */
    const models = modelsOf(routerCapture());
    const locks = figures(models, "locks");
    expect(locks.criticalPathGas).to.equal(42_000);
    expectClose(speedup(locks, 2), 63_000 / 42_000, 1e-12);
    const missed = figures(models, "locks-predicted");
    expect(missed.totalGas).to.equal(84_000);
    expect(missed.criticalPathGas).to.equal(84_000);
    expect(speedup(missed, 2)).to.equal(1);
    expect(limit(missed, 2)).to.equal("misses");
    expect(missed.misses!.transactions).to.equal(1);
    expect(missed.misses!.wastedGas).to.equal(21_000);
    expect(missed.misses!.keys.map((key) => key.variable).sort()).to.deep.equal(["reserve0", "reserve1"]);
  });

  it("a key declared on a contract the transaction never touched joins that contract's scope", () => {
    /* t0 writes Other.x; t1 calls Router only, but its predicted sets (alone) wrote Other.x: WAW t0 → t1. */
    const [other, router] = [address(800), address(810)];
    const t0 = predicted(tx({ from: address(1), to: other, gas: W, writes: { [slot(other, 0)]: value(1) } }));
    const actual = tx({ from: address(2), to: router, gas: W, writes: { [slot(router, 1)]: value(2) } });
    const alone = tx({ from: address(2), to: router, gas: W, writes: { [slot(other, 0)]: value(3) } });
    const result = capture(
      [block([t0, predicted(actual, { reads: alone.reads, writes: alone.writes })])],
      [
        contract(other, "Other", { storage: [{ label: "x", slot: "0", type: "t_uint256" }] }),
        contract(router, "Router"),
      ],
    );
    const scope = modelsOf(result).contracts.find((entry) => entry.name === "Other")!;
    const missed = scope.models.find((entry) => entry.model === "locks-predicted")!;
    expect([missed.transactions, missed.dependencies, missed.totalGas]).to.deep.equal([2, 1, 3 * W]);
    expect(scope.models.find((entry) => entry.model === "locks")!.transactions).to.equal(1);
  });

  it("without predicted sets, locks-predicted is unavailable and the others are computed", () => {
    const models = modelsOf(capture([block([tx({ from: address(1), to: address(2) })])]));
    expect(models.unavailable.map((entry) => entry.model)).to.deep.equal(["locks-predicted"]);
    expect(models.models).to.not.include("locks-predicted");
    expect(models.summary.map((entry) => entry.model)).to.deep.equal([
      "optimistic",
      "optimistic-strict",
      "bal",
      "locks",
      "locks-exclusive",
    ]);
  });

  it("two contracts always used together: no cross-shard transaction by partition, about 1 − 1/k by hash", () => {
    /* 64 pairs (Left_i, Right_i); two transactions per pair, each calling Left_i, which calls Right_i. */
    const pairs = Array.from({ length: 64 }, (_, i) => [address(1000 + i), address(2000 + i)] as const);
    const txs = pairs.flatMap(([left, right], i) =>
      [0, 1].map((j) => {
        const from = address(10 * i + j);
        return tx({
          from,
          to: left,
          gas: W,
          writes: { [slot(left, 0)]: value(j), [slot(right, 0)]: value(j) },
          calls: [frame({ from, to: left }), frame({ from: left, to: right, depth: 1 })],
        });
      }),
    );
    const metadata = pairs.flatMap(([left, right]) => [contract(left, "Left"), contract(right, "Right")]);
    const models = modelsOf(capture([block(txs)], metadata));
    // The documented hash: keccak256 of the address bytes, big-endian, mod k (computed here with ethers).
    const hashShard = (at: string, k: number) => Number(BigInt(keccak256(at)) % BigInt(k));
    for (const k of [2, 4, 8]) {
      const partition = models.sharded!.find((entry) => entry.placement === "partition" && entry.shards === k)!;
      expect(partition.crossShard, `partition k=${k}`).to.equal(0);
      expect(partition.speedup, `partition k=${k}`).to.equal(k);
      expect(partition.limit).to.equal("shards");
      const hash = models.sharded!.find((entry) => entry.placement === "hash" && entry.shards === k)!;
      const split = pairs.filter(([left, right]) => hashShard(left, k) !== hashShard(right, k)).length;
      expect(hash.crossShard, `hash k=${k}`).to.equal(2 * split);
      expectClose(hash.crossShardRate, 1 - 1 / k, 0.15, `hash k=${k}: ${hash.crossShardRate}`);
      const left = hash.contracts.find((entry) => entry.name === "Left")!;
      expect(left.crossShard).to.equal(2 * split);
      expect(left.pulledBy).to.deep.equal(split === 0 ? [] : [{ contract: "Right", transactions: 2 * split }]);
      // Every transaction's gas on each shard it touches: Σ shardGas = total + gas of the cross-shard ones.
      expect(hash.shardGas.reduce((a, b) => a + b, 0)).to.equal(128 * W + 2 * split * W);
    }
  });

  it("the models asked for only", () => {
    const result = analyzeCapture(capture([block([tx({ from: address(1), to: address(2) })])]), {
      models: { ...ALL, models: ["bal", "optimistic"] },
    });
    expect(result.models!.models).to.deep.equal(["optimistic", "bal"]);
    expect(result.models!.sharded).to.equal(undefined);
    expect(analyzeCapture(capture([block([])])).models).to.equal(undefined);
  });
});
