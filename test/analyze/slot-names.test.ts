import { expect } from "chai";
import { Wallet } from "ethers";

import { analyzeCapture } from "../../plugin/internal/analyze/analyze-capture.ts";
import type { StorageType } from "../../plugin/internal/capture/types.ts";
import {
  address,
  arrayDataSlot,
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

const tokenAt = address(900);
const realAddress = (seed: number): string =>
  new Wallet("0x" + seed.toString(16).padStart(64, "0")).address.toLowerCase();
const holder = realAddress(1);
const spender = realAddress(2);

const types: Record<string, StorageType> = {
  "t_mapping(t_address,t_uint256)": {
    encoding: "mapping",
    label: "mapping(address => uint256)",
    numberOfBytes: "32",
    key: "t_address",
    value: "t_uint256",
  },
  "t_mapping(t_address,t_mapping(t_address,t_uint256))": {
    encoding: "mapping",
    label: "mapping(address => mapping(address => uint256))",
    numberOfBytes: "32",
    key: "t_address",
    value: "t_mapping(t_address,t_uint256)",
  },
  "t_struct(Position)1_storage": {
    encoding: "inplace",
    label: "struct Token.Position",
    numberOfBytes: "96",
    members: [
      { label: "collateral", slot: "0", offset: 0, type: "t_uint256" },
      { label: "debt", slot: "1", offset: 0, type: "t_uint256" },
      { label: "opened", slot: "2", offset: 0, type: "t_uint64" },
      { label: "closed", slot: "2", offset: 8, type: "t_bool" },
    ],
  },
  "t_mapping(t_address,t_struct(Position)1_storage)": {
    encoding: "mapping",
    label: "mapping(address => struct Token.Position)",
    numberOfBytes: "32",
    key: "t_address",
    value: "t_struct(Position)1_storage",
  },
  "t_array(t_uint256)dyn_storage": {
    encoding: "dynamic_array",
    label: "uint256[]",
    numberOfBytes: "32",
    base: "t_uint256",
  },
  "t_mapping(t_uint256,t_uint256)": {
    encoding: "mapping",
    label: "mapping(uint256 => uint256)",
    numberOfBytes: "32",
    key: "t_uint256",
    value: "t_uint256",
  },
};
const token = contract(tokenAt, "Token", {
  functions: { "0xa9059cbb": "transfer(address,uint256)", "0x095ea7b3": "approve(address,uint256)" },
  storage: [
    { label: "balances", slot: "0", type: "t_mapping(t_address,t_uint256)", line: 5 },
    { label: "allowance", slot: "1", type: "t_mapping(t_address,t_mapping(t_address,t_uint256))", line: 6 },
    { label: "positions", slot: "2", type: "t_mapping(t_address,t_struct(Position)1_storage)", line: 7 },
    { label: "list", slot: "3", type: "t_array(t_uint256)dyn_storage", line: 8 },
    { label: "byId", slot: "4", type: "t_mapping(t_uint256,t_uint256)", line: 9 },
  ],
  storageTypes: types,
});

/** Two transactions from distinct senders that both write `key`; the words given appear in their calldata. */
function nameOf(key: string, words: Array<string | bigint>, contracts = [token], via?: string): string {
  const txs = [1, 2].map((i) =>
    tx({
      from: address(i),
      to: via ?? tokenAt,
      reads: { [key]: value(i - 1) },
      writes: { [key]: value(i) },
      calls: [frame({ from: address(i), to: via ?? tokenAt, input: callInput("0xa9059cbb", ...words) })],
    }),
  );
  const analysis = analyzeCapture(capture([block(txs)], contracts));
  expect(analysis.hotspots).to.have.length(1);
  return analysis.hotspots[0].name;
}

describe("slot names", () => {
  it("a mapping entry: balances[holder], with file and line", () => {
    const key = slot(tokenAt, mappingSlot(holder, 0n));
    expect(nameOf(key, [holder, 10n])).to.equal(`Token.balances[${holder}]`);
    const txs = [1, 2].map((i) =>
      tx({
        from: address(i),
        to: tokenAt,
        writes: { [key]: value(i) },
        calls: [frame({ from: address(i), to: tokenAt, input: callInput("0xa9059cbb", holder, 1n) })],
      }),
    );
    const [hotspot] = analyzeCapture(capture([block(txs)], [token])).hotspots;
    expect(hotspot).to.deep.include({ variable: "balances", sourceName: "contracts/Token.sol", line: 5 });
  });

  it("a nested mapping: allowance[holder][spender]", () => {
    const key = slot(tokenAt, mappingSlot(spender, mappingSlot(holder, 1n)));
    expect(nameOf(key, [holder, spender])).to.equal(`Token.allowance[${holder}][${spender}]`);
  });

  it("a struct member inside a mapping: positions[holder].debt and packed members", () => {
    const base = mappingSlot(holder, 2n);
    expect(nameOf(slot(tokenAt, base + 1n), [holder])).to.equal(`Token.positions[${holder}].debt`);
    expect(nameOf(slot(tokenAt, base), [holder])).to.equal(`Token.positions[${holder}].collateral`);
    expect(nameOf(slot(tokenAt, base + 2n), [holder])).to.equal(`Token.positions[${holder}].opened+closed`);
  });

  it("slot resolvers kept from an earlier analysis name a slot whose key this block does not show", () => {
    const key = slot(tokenAt, mappingSlot(holder, 0n));
    const txs = (input: string) =>
      [1, 2].map((i) =>
        tx({
          from: address(i),
          to: tokenAt,
          writes: { [key]: value(i) },
          calls: [frame({ from: address(i), to: tokenAt, input })],
        }),
      );
    const shown = callInput("0xa9059cbb", holder, 1n);
    const resolvers = new Map();
    expect(analyzeCapture(capture([block(txs(shown))], [token]), { resolvers }).hotspots[0].name).to.equal(
      `Token.balances[${holder}]`,
    );
    // The next block's calldata holds no word of the holder: alone it stays raw hex.
    const hidden = capture([block(txs("0x12345678"))], [token]);
    expect(analyzeCapture(hidden).hotspots[0].name).to.match(/^Token\.0x[0-9a-f]{64}$/);
    expect(analyzeCapture(hidden, { resolvers }).hotspots[0].name).to.equal(`Token.balances[${holder}]`);
  });

  it("dynamic array elements and length, uint keys", () => {
    expect(nameOf(slot(tokenAt, arrayDataSlot(3n) + 4n), [])).to.equal("Token.list[4]");
    expect(nameOf(slot(tokenAt, 3n), [])).to.equal("Token.list.length");
    expect(nameOf(slot(tokenAt, mappingSlot(77n, 4n)), [77n])).to.equal("Token.byId[77]");
  });

  it("finds keys in log topics and frame addresses too", () => {
    const key = slot(tokenAt, mappingSlot(spender, 0n));
    const txs = [1, 2].map((i) =>
      tx({
        from: address(i),
        to: tokenAt,
        writes: { [key]: value(i) },
        calls: [frame({ from: address(i), to: tokenAt, input: "0x12345678" })],
        logs: [
          { address: tokenAt, topics: ["0x" + "e".repeat(64), "0x" + spender.slice(2).padStart(64, "0")], data: "0x" },
        ],
      }),
    );
    expect(analyzeCapture(capture([block(txs)], [token])).hotspots[0].name).to.equal(`Token.balances[${spender}]`);
  });

  it("leaves an unresolved slot as raw hex, names the layout of a proxy's implementation", () => {
    const unknownSlot = mappingSlot(realAddress(3), 0n);
    expect(nameOf(slot(tokenAt, unknownSlot), [holder])).to.equal(
      `Token.0x${unknownSlot.toString(16).padStart(64, "0")}`,
    );

    const proxyAt = address(901);
    const key = slot(proxyAt, mappingSlot(holder, 0n));
    const txs = [1, 2].map((i) =>
      tx({
        from: address(i),
        to: proxyAt,
        writes: { [key]: value(i) },
        calls: [
          frame({ from: address(i), to: proxyAt, input: callInput("0xa9059cbb", holder, 1n) }),
          frame({
            from: proxyAt,
            to: tokenAt,
            type: "DELEGATECALL",
            input: callInput("0xa9059cbb", holder, 1n),
            depth: 1,
          }),
        ],
      }),
    );
    const analysis = analyzeCapture(capture([block(txs)], [token, contract(proxyAt, "Proxy")]));
    expect(analysis.hotspots[0].name).to.equal(`Proxy.balances[${holder}]`);
    expect(analysis.hotspots[0].writers.map((w) => w.function)).to.have.members([
      "Proxy.0xa9059cbb", // the proxy's own metadata has no such function
      "Token.transfer(address,uint256)",
    ]);
  });
});
