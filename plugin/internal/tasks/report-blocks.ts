import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { CatalogEntry } from "../capture/contract-catalog.ts";
import type { CapturedBlock } from "../capture/types.ts";
import type { ScenarioReport } from "../report/json-report-types.ts";

import { analyzeCapture } from "../analyze/analyze-capture.ts";
import { captureBlocks } from "../capture/capture-blocks.ts";
import { identifyContracts } from "../capture/identify-contracts.ts";
import { ParallelError } from "../parallel-error.ts";

/** Blocks traced at the same time. */
const CONCURRENCY = 4;

/** `--blocks <from>..<to>`: the inclusive range, or one ParallelError line. */
export function parseBlockRange(value: string): { from: number; to: number } {
  const match = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(value);
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (match === null || from > to) {
    throw new ParallelError(`--blocks takes <from>..<to> with from <= to, block numbers (got "${value}")`);
  }
  return { from, to };
}

/**
 * `--blocks`: blocks that already exist on the node of `network`, traced (at most CONCURRENCY
 * blocks at a time, each with debug_traceBlockByNumber or debug_traceTransaction) and analysed as
 * one scenario named after the network. Empty blocks are skipped.
 */
export async function reportBlocks(
  hre: HardhatRuntimeEnvironment,
  network: string,
  range: { from: number; to: number },
  catalog: CatalogEntry[],
  accessNames: boolean,
): Promise<ScenarioReport> {
  const started = performance.now();
  const connection = await hre.network.create({ network });
  try {
    const { provider } = connection;
    const latest = Number(await provider.request({ method: "eth_blockNumber" }));
    if (range.to > latest)
      throw new ParallelError(`--blocks ${range.from}..${range.to}: the node's latest is ${latest}`);
    const numbers = Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i);
    const traced: CapturedBlock[][] = [];
    let next = 0;
    const worker = async () => {
      while (next < numbers.length) {
        const i = next++;
        traced[i] = await captureBlocks(provider, numbers[i], numbers[i], undefined, true);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, numbers.length) }, worker));
    const blocks = traced.flat();
    for (const block of blocks) block.capturedBy = "trace";
    const chainId = Number(await provider.request({ method: "eth_chainId" }));
    const capture = { scenario: network, chainId, hardfork: "", blocks, contracts: identifyContracts(blocks, catalog) };
    const count = blocks.reduce((n, b) => n + b.transactions.length, 0);
    const summary = {
      mode: "trace" as const,
      engineBlocks: 0,
      tracedBlocks: blocks.length,
      fallbacks: [],
      msPerTransaction: Math.round(((performance.now() - started) / Math.max(count, 1)) * 1000) / 1000,
    };
    return { ...analyzeCapture(capture, { accessNames }), capture: summary };
  } finally {
    await connection.close();
  }
}
