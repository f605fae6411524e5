import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";

import { artifactFiles } from "../../plugin/internal/capture/artifact-files.ts";
import { loadExternalArtifacts, metadataRange } from "../../plugin/internal/capture/external-artifacts.ts";
import { identifyContracts } from "../../plugin/internal/capture/identify-contracts.ts";
import { checkArtifactPaths, validateParallelUserConfig } from "../../plugin/internal/config/parallel-config.ts";
import type { CapturedBlock } from "../../plugin/internal/capture/types.ts";
import { REPO_ROOT } from "../helpers/fixture-project.ts";

const UNISWAP = ["node_modules/@uniswap/v2-core/build", "node_modules/@uniswap/v2-periphery/build"];

describe("capture: prebuilt artifacts (parallel.artifacts)", () => {
  it("loads Waffle artifacts with ABIs, skipping interfaces and the combined JSON", async () => {
    const entries = await loadExternalArtifacts(REPO_ROOT, UNISWAP);
    const names = entries.map((e) => e.name);
    expect(names).to.include.members(["UniswapV2Pair", "UniswapV2Factory", "UniswapV2Router02", "WETH9"]);
    expect(names).to.not.include("IUniswapV2Pair");
    expect(names).to.not.include("Combined-Json");
    const pair = entries.find((e) => e.name === "UniswapV2Pair")!;
    expect(pair.sourceName).to.equal("node_modules/@uniswap/v2-core/build/UniswapV2Pair.json");
    expect(pair.functions["0x022c0d9f"]).to.equal("swap(uint256,uint256,address,bytes)");
    // No layout: names from the getters, run on empty storage.
    const labels = Object.fromEntries(pair.storage.map((v) => [v.label, v.slot]));
    expect(labels).to.deep.include({
      "getReserves()→slot 8": "8",
      "token0()→slot 6": "6",
      "totalSupply()→slot 0": "0",
      "balanceOf(address)→slot 1": "1",
      "allowance(address,address)→slot 2": "2",
    });
  });

  it("matches deployed code with immutables filled and another metadata hash", async () => {
    const entries = await loadExternalArtifacts(REPO_ROOT, UNISWAP);
    const router = entries.find((e) => e.name === "UniswapV2Router02")!;
    const file = path.join(REPO_ROOT, UNISWAP[1], "UniswapV2Router02.json");
    const raw: string = JSON.parse(readFileSync(file, "utf8")).evm.deployedBytecode.object;
    const [meta] = metadataRange(raw);
    expect(meta.length).to.be.greaterThan(40);
    // The code as deployed: immutables (factory, WETH) set, a different IPFS hash in the metadata.
    const chars = raw.split("");
    for (const { start, length } of router.maskedRanges) chars.fill("a", start * 2, (start + length) * 2);
    chars.fill("b", meta.start * 2 + 20, meta.start * 2 + 60);
    const deployed = "0x" + chars.join("").slice(0, (meta.start + meta.length - 2) * 2) + raw.slice(-4);
    const blocks = [
      { transactions: [{ reads: { "0x00000000000000000000000000000000000000aa:code": deployed }, writes: {} }] },
    ];
    const contracts = identifyContracts(blocks as unknown as CapturedBlock[], entries);
    expect(contracts["0x00000000000000000000000000000000000000aa"]?.name).to.equal("UniswapV2Router02");
  });

  it("expands folders and globs, and rejects a list that is not one or matches nothing", async () => {
    const files = await artifactFiles(REPO_ROOT, "node_modules/@uniswap/v2-core/build/UniswapV2*.json");
    expect(files.map((f) => path.basename(f))).to.deep.equal([
      "UniswapV2ERC20.json",
      "UniswapV2Factory.json",
      "UniswapV2Pair.json",
    ]);
    const deep = await artifactFiles(REPO_ROOT, "node_modules/@uniswap/**/build/UniswapV2Pair.json");
    expect(deep.map((f) => path.relative(REPO_ROOT, f))).to.include(
      "node_modules/@uniswap/v2-core/build/UniswapV2Pair.json",
    );
    expect(validateParallelUserConfig({ artifacts: "build" })[0]).to.deep.include({ path: ["parallel", "artifacts"] });
    expect(validateParallelUserConfig({ artifacts: UNISWAP })).to.deep.equal([]);
    await checkArtifactPaths(REPO_ROOT, UNISWAP);
    let message = "";
    await checkArtifactPaths(REPO_ROOT, ["no/such/folder"]).catch((e: Error) => (message = e.message));
    expect(message).to.match(/parallel\.artifacts: "no\/such\/folder" matches no JSON file/);
  });
});
