import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { CatalogEntry } from "../capture/contract-catalog.ts";
import type { CapturedBlock } from "../capture/types.ts";
import type { ModelOptions } from "../analyze/models/model-types.ts";
import type { ScenarioReport } from "../report/json-report-types.ts";
import type { Eip1193Provider } from "../rpc/index.ts";

import { analyzeCapture } from "../analyze/analyze-capture.ts";
import { captureBlocks } from "../capture/capture-blocks.ts";
import { identifyContracts } from "../capture/identify-contracts.ts";
import { ParallelError } from "../parallel-error.ts";
import { BlocksTraceFile } from "./blocks-trace-file.ts";
import { replayCapture, type ReplayPool } from "../replay/index.ts";
import { mismatchLine } from "../report/mismatch-line.ts";
import { scenarioExecution } from "../report/scenario-execution.ts";
import { DEFAULT_RPC_CONCURRENCY, RpcFailure, retryingProvider } from "../rpc/retrying-provider.ts";

/** How --blocks talks to the node, and where its lines go. */
export interface BlocksRpcOptions {
  /** Reads in flight at the same time, and blocks traced at the same time (`--rpc-concurrency`). */
  concurrency?: number;
  /** After each block traced (a progress line). */
  onProgress?: (traced: number, total: number) => void;
  /** A notice line (the fallback to debug_traceTransaction); default stderr. */
  onNotice?: (line: string) => void;
}

export interface BlocksOptions {
  /** Name every transaction's read and write sets (the HTML report). */
  accessNames: boolean;
  models?: ModelOptions;
  rpc?: BlocksRpcOptions;
  /** `--execute`: replay the blocks on this pool, with pre-state from the node at each parent block. */
  pool?: ReplayPool;
  /** Transactions replayed so far (a progress line). */
  onReplayProgress?: (done: number, total: number) => void;
  /** `--out`: where each traced block goes at once (./blocks-trace-file.ts); `resume`: continue it. */
  out?: { file: string; resume: boolean };
  /** Aborted (SIGINT, SIGTERM): no new block is asked for; those traced are analysed and reported. */
  signal?: AbortSignal;
}

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
 * `--blocks`: blocks that already exist on the node of `network`, traced (`concurrency` blocks at
 * a time and at most `concurrency` reads in flight, each read retried: ../rpc/retrying-provider.ts;
 * each block with debug_traceBlockByNumber, else debug_traceTransaction) and analysed as one
 * scenario named after the network. Empty blocks are skipped.
 */
export async function reportBlocks(
  hre: HardhatRuntimeEnvironment,
  network: string,
  range: { from: number; to: number },
  catalog: CatalogEntry[],
  options: BlocksOptions,
): Promise<{ report: ScenarioReport; failure?: string }> {
  const { accessNames, models, rpc = {}, pool } = options;
  const started = performance.now();
  const concurrency = rpc.concurrency ?? DEFAULT_RPC_CONCURRENCY;
  const connection = await hre.network.create({ network });
  try {
    const provider = retryingProvider(connection.provider, { concurrency, network, onNotice: rpc.onNotice });
    const latest = Number(await provider.request({ method: "eth_blockNumber" }));
    if (range.to > latest)
      throw new ParallelError(`--blocks ${range.from}..${range.to}: the node's latest is ${latest}`);
    const chainId = Number(await provider.request({ method: "eth_chainId" }));
    const file = options.out === undefined ? undefined : new BlocksTraceFile(options.out.file, network, chainId);
    const kept = options.out?.resume === true ? file!.resume() : new Map<number, CapturedBlock>();
    for (const number of kept.keys()) if (number < range.from || number > range.to) kept.delete(number);
    file?.start(kept.values());
    if (kept.size > 0) rpc.onNotice?.(`${network}: resuming: ${kept.size} blocks already traced (${file!.path})`);
    const numbers = Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i);
    const traced: CapturedBlock[][] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const worker = async () => {
      while (next < numbers.length && !failed && options.signal?.aborted !== true) {
        const i = next++;
        try {
          const known = kept.get(numbers[i]);
          traced[i] =
            known !== undefined ? [known] : await captureBlocks(provider, numbers[i], numbers[i], undefined, true);
          if (known === undefined) for (const block of traced[i]) file?.add(block);
        } catch (error) {
          failed = true;
          if (error instanceof RpcFailure && !error.subject.startsWith("for block")) {
            throw new ParallelError(`${error.message}, in block ${numbers[i]}`);
          }
          throw error;
        }
        rpc.onProgress?.(++done, numbers.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, numbers.length) }, worker));
    const blocks = traced.flat();
    for (const block of blocks) block.capturedBy = "trace";
    const stopped = traced.filter((entry) => entry !== undefined).length < numbers.length;
    const hardfork = blocks.length === 0 ? "" : await headerHardfork(provider, blocks[0].number);
    const contracts = identifyContracts(blocks, catalog);
    const capture = { scenario: network, chainId, hardfork, blocks, contracts };
    const count = blocks.reduce((n, b) => n + b.transactions.length, 0);
    const summary = {
      mode: "trace" as const,
      engineBlocks: 0,
      tracedBlocks: blocks.length,
      fallbacks: [],
      msPerTransaction: Math.round(((performance.now() - started) / Math.max(count, 1)) * 1000) / 1000,
    };
    const analysis = { ...analyzeCapture(capture, { accessNames, models }), capture: summary };
    if (stopped) {
      const tracedCount = traced.filter((entry) => entry !== undefined).length;
      const resume = file === undefined ? "" : `: run it again with --resume to continue (${file.path})`;
      return { report: analysis, failure: `interrupted after ${tracedCount} of ${numbers.length} blocks${resume}` };
    }
    file?.remove();
    if (pool === undefined) return { report: analysis };
    const replays = await replayCapture(capture, provider, pool, options.onReplayProgress);
    const execution = scenarioExecution(pool.workers, replays, analysis);
    const mismatches = execution.blocks.flatMap((block) => block.mismatches);
    const failure =
      mismatches.length === 0
        ? undefined
        : `--blocks on ${network}: ${mismatches.length} execution mismatch${mismatches.length === 1 ? "" : "es"} ` +
          `with the node's receipts; first: ${mismatchLine(mismatches[0])}`;
    return { report: { ...analysis, execution }, failure };
  } finally {
    await connection.close();
  }
}

/**
 * The hardfork the engine replays the node's blocks with, from what the block header carries:
 * "prague" with `requestsHash` (EIP-7685), "cancun" with `parentBeaconBlockRoot` (EIP-4788),
 * "shanghai" with `withdrawalsRoot`, else "london". A later fork with no header field of its own runs
 * as the last of these; what differs then shows as execution mismatches, never silently.
 */
async function headerHardfork(provider: Eip1193Provider, number: number): Promise<string> {
  const header = (await provider.request({
    method: "eth_getBlockByNumber",
    params: ["0x" + number.toString(16), false],
  })) as Record<string, unknown>;
  if (header.requestsHash !== undefined) return "prague";
  if (header.parentBeaconBlockRoot !== undefined) return "cancun";
  if (header.withdrawalsRoot !== undefined) return "shanghai";
  return "london";
}
