/**
 * parallel-node: Hardhat's own node (the `node` task's HTTP and WebSocket JSON-RPC server over the
 * project's EDR network) with the plugin in charge of block production on its connection.
 *
 * Pieces, in the order a block meets them: the NodeRouter (node-router.ts) takes every request of
 * the connection and answers the plugin's methods; the BlockProducer (../workload/) counts pending
 * transactions and mines at `blockSize` (the router's timer: every `blockTime`); the NodeMiner
 * (node-miner.ts) runs each block on the engine and the executor before EDR mines it and checks the
 * result against EDR; the NodeSession (node-session.ts) analyses each block, prints its line and
 * keeps what the methods and the final report need.
 *
 * Threads (miner-thread/): the main thread keeps Hardhat's server, the connection, the router and
 * the producer, and sends the miner's requests to the connection. The NodeMiner runs in a miner
 * thread (MinerThread is the BlockMaker the producer sees), the NodeSession in a session thread
 * beside it, so neither the engine nor the analysis holds up the requests of the node's clients.
 */
import type { NetworkConnection } from "hardhat/types/network";
import type { CatalogEntry } from "../capture/contract-catalog.ts";
import type { Eip1193Provider } from "../rpc/index.ts";
import type { NodeSettings } from "./node-settings.ts";
import type { NodeSummary } from "./node-session.ts";

import { createPalette } from "../report/ansi.ts";
import { BlockProducer, attachProducer } from "../workload/block-producer.ts";
import { BatchLimit } from "./batch-limit.ts";
import { MinerThread, type NodeReport } from "./miner-thread/miner-thread.ts";
import { NodeRouter } from "./node-router.ts";
import { PendingAccessPredictor } from "./pending-access.ts";

/** How long a worker may take over one batch before it counts as hung and is replaced. */
export const HUNG_WORKER_MS = 10_000;

export interface NodeOutput {
  print: (line: string) => void;
  color: boolean;
}

export class ParallelNode {
  /** The miner thread: its blocks, its session's reads (blocks, reports, summary), its test hooks. */
  readonly miner: MinerThread;
  private readonly router: NodeRouter;
  private readonly detach: () => void;
  private stopped: Promise<{ summary: NodeSummary; report?: NodeReport }> | undefined;

  private constructor(miner: MinerThread, router: NodeRouter, detach: () => void) {
    this.miner = miner;
    this.router = router;
    this.detach = detach;
  }

  /** Takes over block production of the node's connection (automine and interval mining off). */
  static async attach(
    connection: NetworkConnection<string>,
    settings: NodeSettings,
    catalog: CatalogEntry[],
    output: NodeOutput,
  ): Promise<ParallelNode> {
    const batches = new BatchLimit(settings.maxBatch);
    // The plugin's own requests (state reads, many at a time) are not counted as batches.
    const provider = batches.ownProvider(connection.provider as Eip1193Provider);
    const chainId = Number(await provider.request({ method: "eth_chainId" }));
    const config = connection.networkConfig;
    const chain = { chainId, hardfork: config.type === "edr-simulated" ? String(config.hardfork) : "" };
    await provider.request({ method: "evm_setAutomine", params: [false] });
    await provider.request({ method: "evm_setIntervalMining", params: [0] });
    const palette = createPalette(output.color);
    const miner = await MinerThread.start(
      provider,
      // A batch takes milliseconds: a worker silent for 10 s is hung, and is replaced.
      {
        chain,
        catalog,
        workers: settings.workers,
        order: settings.order,
        taskTimeoutMs: HUNG_WORKER_MS,
        color: output.color,
      },
      output.print,
    );
    const producer = new BlockProducer(miner, settings.blockSize, undefined);
    const predictor = new PendingAccessPredictor(provider, chain);
    const router = new NodeRouter(producer, miner, predictor, batches, settings, (line) =>
      output.print(palette.red(line)),
    );
    return new ParallelNode(miner, router, attachProducer(connection.id, router));
  }

  /**
   * Stops mining (the block being mined finishes), hands the connection back, ends the threads;
   * the session's summary, and its report (JSON report scenario) when asked (`report`).
   */
  stop(report = false): Promise<{ summary: NodeSummary; report?: NodeReport }> {
    this.stopped ??= (async () => {
      await this.router.stop();
      this.detach();
      return this.miner.stop(report);
    })();
    return this.stopped;
  }
}
