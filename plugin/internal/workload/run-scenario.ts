import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Scenario, ScenarioContext, ScenarioSizes } from "../../scenario.ts";
import type { CaptureMode, CaptureResult } from "../capture/types.ts";
import type { CatalogEntry } from "../capture/contract-catalog.ts";
import type { Eip1193Provider } from "../rpc/index.ts";
import type { CaptureDifference } from "../produce/index.ts";
import type { Hex } from "viem";

import { identifyContracts } from "../capture/identify-contracts.ts";
import { ParallelError } from "../parallel-error.ts";
import { BlockProduction, NodeMinedBlocks, SentRaw } from "../produce/index.ts";
import { BlockProducer, type ConnectionHandler, attachProducer } from "./block-producer.ts";
import { type RunControls, scenarioContext } from "./scenario-context.ts";
import { watchForStall } from "./stall-watch.ts";
import { openWorkloadNetwork } from "./workload-network.ts";

/** Gas limit given to workload transactions that do not set one. */
export const DEFAULT_TX_GAS = 1_000_000n;
/** Fee per gas given to workload transactions (the base fee is 0 on the capture network). */
export const DEFAULT_TX_FEE = 1_000_000_000n;

export interface WorkloadProgress {
  phase: "setup" | "run";
  done: number;
  total?: number;
  blocks?: number;
}

/** How blocks are captured (`--capture`, `--verify-capture`), and where a fallback line goes. */
export interface CaptureOptions {
  mode: CaptureMode;
  verify: boolean;
  onFallback?: (line: string) => void;
  /** Where other lines go (a `run` that seems to wait for a receipt); default stderr. */
  onNotice?: (line: string) => void;
}

/** A scenario's capture, and (with `verify`) every difference between engine and trace capture. */
export interface ScenarioCapture {
  capture: CaptureResult;
  differences: CaptureDifference[];
}

/**
 * Runs one scenario on a fresh in-process Hardhat network: `setup` with automine on, then `run`
 * with automine off while a BlockProducer mines every `blockSize` pending transactions, each block
 * captured as it is produced (../produce/: by the engine before EDR mines it, or by EDR's
 * tracers, as `options` say). `whileOpen`, when given, runs on the capture before the
 * connection closes (the replay fetches missing pre-state from it). The connection is closed
 * afterwards, so the user's own network state is never touched.
 */
export async function runScenario(
  hre: HardhatRuntimeEnvironment,
  scenario: Scenario,
  sizes: ScenarioSizes,
  seed: number,
  catalog: CatalogEntry[],
  options: CaptureOptions,
  onProgress: (progress: WorkloadProgress) => void = () => {},
  whileOpen?: (capture: CaptureResult, provider: Eip1193Provider) => Promise<void>,
): Promise<ScenarioCapture> {
  const { connection, url, mining, hardfork } = await openWorkloadNetwork(hre, sizes);
  const { provider } = connection;
  try {
    let controls: RunControls | undefined;
    const traced = { ...options, mode: "trace", verify: false, traceByBlock: true } as const;
    const tx = { gasLimit: DEFAULT_TX_GAS, ...(await workloadFees(provider, url)) };
    const context = await scenarioContext(scenario.name, connection, sizes, seed, tx, () => controls);
    // A node that mines on its own is waited on for every transaction sent, setup's included.
    const head = async () => Number(await provider.request({ method: "eth_blockNumber" }));
    const nodeMined = mining === "own-block-time" ? new NodeMinedBlocks(provider, url!, await head()) : undefined;
    const detachSetup = nodeMined === undefined ? () => {} : attachProducer(connection.id, sentTracker(nodeMined));

    onProgress({ phase: "setup", done: 0 });
    const state = await inScenario(scenario, "setup", () => scenario.setup(context)).finally(detachSetup);
    await nodeMined?.startAfterSent();
    const chainId = Number(await provider.request({ method: "eth_chainId" }));
    // On a node over HTTP the engine's EDR-only methods are missing: its tracers capture every block.
    // In-process, the engine takes each block from EDR's mempool in the network's order (../produce/).
    const order =
      connection.networkConfig.type === "edr-simulated" ? connection.networkConfig.mining.mempool.order : "";
    const picked = order === "fifo" || order === "priority" ? { sent: new SentRaw(), mempoolOrder: order } : {};
    const production =
      nodeMined ??
      new BlockProduction(provider, { chainId, hardfork }, url === undefined ? { ...options, ...picked } : traced);

    if (nodeMined === undefined) await provider.request({ method: "evm_setAutomine", params: [false] });
    const onLine = options.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
    let stall: ReturnType<typeof watchForStall> | undefined;
    const producer = new BlockProducer(production, sizes.blockSize, context.tx, (sent, blocks) => {
      stall?.activity();
      onProgress({ phase: "run", done: sent, total: sizes.transactions, blocks });
    });
    stall = watchForStall(scenario.name, sizes.blockSize, producer, onLine);
    controls = runControls(producer, context);
    const detach = attachProducer(connection.id, producer);
    try {
      await inScenario(scenario, "run", () => scenario.run(context, state));
      await producer.mine();
    } finally {
      stall.stop();
      controls = undefined;
      detach();
    }
    if (nodeMined === undefined) await provider.request({ method: "evm_setAutomine", params: [true] });

    const blocks = production.blocks;
    const capture: CaptureResult = {
      scenario: scenario.name,
      chainId,
      hardfork,
      blocks,
      contracts: identifyContracts(blocks, catalog),
    };
    if (whileOpen !== undefined) await whileOpen(capture, provider);
    return { capture, differences: production instanceof BlockProduction ? production.differences : [] };
  } finally {
    await connection.close();
  }
}

/**
 * Fees of workload transactions: a fixed 1 gwei in-process (no base fee there); on a node over
 * HTTP, room for the base fee to double, plus the 1 gwei tip.
 */
async function workloadFees(provider: Eip1193Provider, url: string | undefined) {
  const fees = { maxFeePerGas: DEFAULT_TX_FEE, maxPriorityFeePerGas: DEFAULT_TX_FEE };
  if (url === undefined) return fees;
  const latest = (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    baseFeePerGas?: string;
  };
  return { ...fees, maxFeePerGas: 2n * BigInt(latest.baseFeePerGas ?? 0) + DEFAULT_TX_FEE };
}

/** Forwards every request, and notes each transaction sent (setup, on a node that mines on its own). */
function sentTracker(blocks: NodeMinedBlocks): ConnectionHandler {
  return {
    handle: async (request, forward) => {
      const response = await forward(request);
      const hash = (response as { result?: unknown }).result;
      const sent = request.method === "eth_sendTransaction" || request.method === "eth_sendRawTransaction";
      if (sent && typeof hash === "string") blocks.noteSent(hash);
      return response;
    },
  };
}

/** `ctx.mine()` and `ctx.mineAndWait()` of a run: both end the current block through `producer`. */
function runControls(producer: BlockProducer, context: ScenarioContext): RunControls {
  return {
    mine: () => producer.mine(),
    mineAndWait: async (sent) => {
      await producer.mine();
      if (typeof sent === "string") return context.viem.publicClient.getTransactionReceipt({ hash: sent as Hex });
      const wait = (sent as { wait?: unknown } | null)?.wait;
      if (typeof wait === "function") return (sent as { wait(): Promise<unknown> }).wait();
      throw new ParallelError(
        "ctx.mineAndWait() takes an ethers transaction response (with wait()) or a transaction hash",
      );
    },
  };
}

async function inScenario<T>(scenario: Scenario, phase: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ParallelError) throw error;
    throw new ParallelError(`Scenario "${scenario.name}" failed in ${phase}(): ${(error as Error).message}`);
  }
}
