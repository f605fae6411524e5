import { expect } from "chai";

import { address, slot } from "../analyze/capture-builder.ts";
import { sampleReport } from "./sample-report.ts";

describe("JSON report", () => {
  it("has a versioned top level and survives a JSON round trip unchanged", () => {
    const report = sampleReport();
    expect(report).to.deep.include({
      schemaVersion: 1,
      generator: { name: "hardhat-parallel", version: "0.1.0" },
      hardhatVersion: "3.18.0",
      generatedAt: "2026-11-25T00:00:00.000Z",
      options: { seed: 1 },
      processorCounts: [2, 4, 8, 16, 32],
    });
    expect(JSON.parse(JSON.stringify(report))).to.deep.equal(report);
    expect(Object.keys(report.scenarios[0])).to.have.members([
      "scenario",
      "chainId",
      "hardfork",
      "summary",
      "contracts",
      "functions",
      "variables",
      "hotspots",
      "blocks",
    ]);
  });

  it("lets every block figure be re-derived from the transactions", () => {
    const [scenario] = sampleReport().scenarios;
    expect(scenario.summary).to.deep.include({
      transactions: 5,
      dependentTransactions: 2,
      totalGas: 4 * 40_000 + 21_000,
    });
    const [first] = scenario.blocks;
    expect(first.transactions.map((t) => [t.index, t.gasUsed, t.dependsOn.map((d) => d.tx)])).to.deep.equal([
      [0, 40_000, []],
      [1, 21_000, []],
      [2, 40_000, [0]],
    ]);
    expect(first.transactions[2].dependsOn[0].keys).to.deep.equal([
      { key: slot(address(700), 0), name: "HotCounter.depositCount", class: "contract" },
    ]);
    expect(first.figures).to.deep.include({ criticalPathGas: 80_000, conflictRate: 1 / 3 });
    expect(first.criticalPath).to.deep.equal([0, 2]);
    expect(scenario.hotspots[0]).to.deep.include({
      name: "HotCounter.depositCount",
      sourceName: "contracts/HotCounter.sol",
      line: 12,
      dependencies: 2,
      blocks: 2,
    });
    expect(scenario.contracts[0]).to.deep.include({
      name: "HotCounter",
      blocks: 2,
      addresses: [address(700)],
      known: true,
    });
    expect(scenario.contracts[0].figures).to.deep.include({
      transactions: 4,
      dependentTransactions: 2,
      criticalPathGas: 160_000,
      idealSpeedup: 1,
    });
  });
});
