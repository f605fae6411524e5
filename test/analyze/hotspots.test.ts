import { expect } from "chai";

import { analyzeCapture } from "../../plugin/internal/analyze/analyze-capture.ts";
import {
  address,
  block,
  callInput,
  capture,
  contract,
  frame,
  mappingSlot,
  slot,
  tx,
  value,
} from "./capture-builder.ts";

const counterAt = address(700);
const hotCounter = contract(counterAt, "HotCounter", {
  functions: { "0xd0e30db0": "deposit()" },
  storage: [
    { label: "depositCount", slot: "0", type: "t_uint256", line: 12 },
    { label: "deposits", slot: "1", type: "t_mapping(t_address,t_uint256)", line: 13 },
  ],
  storageTypes: {
    "t_mapping(t_address,t_uint256)": {
      encoding: "mapping",
      label: "mapping(address => uint256)",
      numberOfBytes: "32",
      key: "t_address",
      value: "t_uint256",
    },
  },
});

describe("hotspots", () => {
  it("a hot counter: HotCounter.depositCount at contracts/HotCounter.sol:12", () => {
    const txs = Array.from({ length: 10 }, (_, i) =>
      tx({
        from: address(i),
        to: counterAt,
        reads: { [slot(counterAt, 0)]: value(i - 1) },
        writes: { [slot(counterAt, 0)]: value(i) },
        calls: [frame({ from: address(i), to: counterAt, input: "0xd0e30db0" })],
      }),
    );
    const analysis = analyzeCapture(capture([block(txs)], [hotCounter]));
    expect(analysis.hotspots).to.have.length(1);
    const [hotspot] = analysis.hotspots;
    expect(hotspot).to.deep.include({
      name: "HotCounter.depositCount",
      contract: "HotCounter",
      variable: "depositCount",
      sourceName: "contracts/HotCounter.sol",
      line: 12,
      dependencies: 9,
      blocks: 1,
    });
    expect(hotspot.byClass).to.deep.equal({ sameSender: 0, contract: 9, balance: 0 });
    expect(hotspot.writers).to.deep.equal([{ function: "HotCounter.deposit()", count: 9 }]);
    expect(hotspot.readers).to.deep.equal([{ function: "HotCounter.deposit()", count: 9 }]);
    expect(analysis.variables[0]).to.deep.include({
      contract: "HotCounter",
      variable: "depositCount",
      dependencies: 9,
      keys: 1,
      line: 12,
    });
    expect(analysis.contracts[0]).to.deep.include({ name: "HotCounter", topHotspot: "HotCounter.depositCount" });
    expect(analysis.functions[0].name).to.equal("HotCounter.deposit()");
    expect(analysis.functions[0].figures.dependentTransactions).to.equal(9);
  });

  it("a sharded counter (per-user mapping entries): no hotspot", () => {
    const txs = Array.from({ length: 10 }, (_, i) => {
      const entry = slot(counterAt, mappingSlot(address(i), 1n));
      return tx({
        from: address(i),
        to: counterAt,
        reads: { [entry]: "0x0" },
        writes: { [entry]: "0x1" },
        calls: [frame({ from: address(i), to: counterAt, input: "0xd0e30db0" })],
      });
    });
    const analysis = analyzeCapture(capture([block(txs)], [hotCounter]));
    expect(analysis.hotspots).to.deep.equal([]);
    expect(analysis.summary.conflictRate).to.equal(0);
  });

  it("names a packed slot after all its variables", () => {
    const pair = address(800);
    const pairMeta = contract(pair, "Pair", {
      storage: [
        { label: "reserve0", slot: "8", offset: 0, type: "t_uint112", line: 30 },
        { label: "reserve1", slot: "8", offset: 14, type: "t_uint112", line: 31 },
        { label: "blockTimestampLast", slot: "8", offset: 28, type: "t_uint32", line: 32 },
      ],
    });
    const swap = (i: number) =>
      tx({ from: address(i), to: pair, reads: { [slot(pair, 8)]: "0x1" }, writes: { [slot(pair, 8)]: value(i) } });
    const [hotspot] = analyzeCapture(capture([block([swap(1), swap(2)])], [pairMeta])).hotspots;
    expect(hotspot).to.deep.include({ name: "Pair.reserve0+reserve1+blockTimestampLast", line: 30 });
  });

  it("attributes figures per contract and per function (router → pool → token)", () => {
    const router = address(601);
    const pool = address(602);
    const token = address(603);
    const contracts = [
      contract(router, "Router", { functions: { "0x11111111": "swap(uint256)" } }),
      contract(pool, "Pool", { functions: { "0x22222222": "swap(uint256)" } }),
      contract(token, "Token", { functions: { "0xa9059cbb": "transfer(address,uint256)" } }),
    ];
    const poolBalance = slot(token, mappingSlot(pool, 0n));
    const swap = (i: number) =>
      tx({
        from: address(i),
        to: router,
        reads: { [slot(pool, 8)]: "0x1", [poolBalance]: "0x1" },
        writes: {
          [slot(pool, 8)]: value(i),
          [poolBalance]: value(i),
          [slot(token, mappingSlot(address(i), 0n))]: value(i),
        },
        calls: [
          frame({ from: address(i), to: router, input: callInput("0x11111111", 5n) }),
          frame({ from: router, to: pool, input: callInput("0x22222222", 5n), depth: 1 }),
          frame({ from: pool, to: token, input: callInput("0xa9059cbb", address(i), 5n), depth: 2 }),
        ],
      });
    const transfer = tx({
      from: address(50),
      to: token,
      writes: {
        [slot(token, mappingSlot(address(50), 0n))]: "0x0",
        [slot(token, mappingSlot(address(51), 0n))]: "0x9",
      },
      calls: [frame({ from: address(50), to: token, input: callInput("0xa9059cbb", address(51), 9n) })],
    });
    const [result] = analyzeCapture(capture([block([swap(1), transfer, swap(2)])], contracts)).blocks;
    const byName = (list: { name: string; figures: { transactions: number; dependentTransactions: number } }[]) =>
      Object.fromEntries(list.map((e) => [e.name, [e.figures.transactions, e.figures.dependentTransactions]]));
    expect(byName(result.contracts)).to.deep.equal({ Pool: [2, 1], Router: [2, 0], Token: [3, 1] });
    expect(byName(result.functions)).to.deep.equal({
      "Pool.swap(uint256)": [2, 1],
      "Router.swap(uint256)": [2, 0],
      "Token.transfer(address,uint256)": [3, 1],
    });
    expect(result.transactions[2].functions.map((f) => f.name)).to.deep.equal([
      "Router.swap(uint256)",
      "Pool.swap(uint256)",
      "Token.transfer(address,uint256)",
    ]);
  });
});

describe("static calls", () => {
  it("a view function (STATICCALL) is a reader, never a writer", () => {
    const token = address(603);
    const meta = contract(token, "Token", {
      functions: { "0xa9059cbb": "transfer(address,uint256)", "0x70a08231": "balanceOf(address)" },
      storage: [{ label: "balances", slot: "0", type: "t_mapping(t_address,t_uint256)", line: 3 }],
      storageTypes: {
        "t_mapping(t_address,t_uint256)": {
          encoding: "mapping",
          label: "m",
          numberOfBytes: "32",
          key: "t_address",
          value: "t_uint256",
        },
      },
    });
    const pool = address(602);
    const poolBalance = slot(token, mappingSlot(pool, 0n));
    const swap = (i: number) =>
      tx({
        from: address(i),
        to: pool,
        reads: { [poolBalance]: "0x1" },
        writes: { [poolBalance]: value(i) },
        calls: [
          frame({ from: address(i), to: pool, input: "0x99999999" }),
          frame({ from: pool, to: token, input: callInput("0xa9059cbb", pool, 1n), depth: 1 }),
          frame({ from: pool, to: token, type: "STATICCALL", input: callInput("0x70a08231", pool), depth: 1 }),
        ],
      });
    const analysis = analyzeCapture(capture([block([swap(1), swap(2)])], [meta, contract(pool, "Pool")]));
    const [hotspot] = analysis.hotspots;
    expect(hotspot.name).to.equal("Token.balances[Pool]"); // a known contract as a key reads as its name
    expect(hotspot.writers).to.deep.equal([{ function: "Token.transfer(address,uint256)", count: 1 }]);
    expect(hotspot.readers.map((r) => r.function)).to.have.members([
      "Token.transfer(address,uint256)",
      "Token.balanceOf(address)",
    ]);
    const deps = Object.fromEntries(analysis.functions.map((f) => [f.name, f.figures.dependentTransactions]));
    expect(deps).to.deep.equal({
      "Token.transfer(address,uint256)": 1,
      "Token.balanceOf(address)": 0,
      "Pool.0x99999999": 0,
    });
  });
});

describe("known contracts as mapping keys", () => {
  it("two instances of one contract: the name with a short address", () => {
    const token = address(603);
    const mappingType = { encoding: "mapping", label: "m", numberOfBytes: "32", key: "t_address", value: "t_uint256" };
    const meta = contract(token, "Token", {
      functions: { "0xa9059cbb": "transfer(address,uint256)" },
      storage: [{ label: "balances", slot: "0", type: "t_mapping(t_address,t_uint256)", line: 3 }],
      storageTypes: { "t_mapping(t_address,t_uint256)": mappingType as never },
    });
    const [poolA, poolB] = [address(610), address(611)];
    const pay = (pool: string, i: number) =>
      tx({
        from: address(i),
        to: token,
        reads: { [slot(token, mappingSlot(pool, 0n))]: "0x1" },
        writes: { [slot(token, mappingSlot(pool, 0n))]: value(i) },
        calls: [frame({ from: address(i), to: token, input: callInput("0xa9059cbb", pool, 1n) })],
      });
    const blocks = [block([pay(poolA, 1), pay(poolA, 2), pay(poolB, 3), pay(poolB, 4)])];
    const analysis = analyzeCapture(capture(blocks, [meta, contract(poolA, "Pool"), contract(poolB, "Pool")]));
    const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
    expect(analysis.hotspots.map((h) => h.name)).to.have.members([
      `Token.balances[Pool@${short(poolA)}]`,
      `Token.balances[Pool@${short(poolB)}]`,
    ]);
  });
});
