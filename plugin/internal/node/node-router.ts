import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
import type { BlockProducer, ConnectionHandler } from "../workload/block-producer.ts";
import type { BatchLimit } from "./batch-limit.ts";
import type { Forward } from "./methods/index.ts";
import type { MinerThread } from "./miner-thread/miner-thread.ts";
import type { PendingAccessPredictor } from "./pending-access.ts";

import { RpcMethodError, createAccessList, txpoolContent, txpoolInspect, txpoolStatus } from "./methods/index.ts";
import { blockNumberParam } from "./block-number-param.ts";

type Method = (params: unknown[], forward: Forward) => Promise<unknown>;
/** What the router reads of the session (in the miner thread). */
type SessionReads = Pick<MinerThread, "blockAccessList" | "blockReport" | "summary">;

/**
 * Takes every request of the node's connection (the network hook routes them here). It answers the
 * methods the plugin adds (README, "parallel-node"), keeps Hardhat's mining methods working on
 * the plugin's block production, and hands everything else to the connection's BlockProducer:
 * - `evm_setAutomine(true)`: every transaction is mined (through the plugin) as it arrives;
 *   `false`: back to `--block-size` / `--block-time`.
 * - `evm_setIntervalMining(ms)`: the block time (0: no timer, blocks by size or `evm_mine` only).
 * - `evm_mine`: mines the pending transactions now (BlockProducer); `hardhat_mine`: the pending
 *   transactions are mined through the plugin first, then EDR mines the empty blocks asked for.
 * - `hardhat_setLoggingEnabled` is accepted and ignored: the node prints a line per block instead
 *   of EDR's line per request (the plugin's own requests would flood it).
 * Every element of a batch over `parallel.node.maxBatch` gets an error response (batch-limit.ts).
 */
export class NodeRouter implements ConnectionHandler {
  private readonly producer: BlockProducer;
  private readonly session: SessionReads;
  private readonly predictor: PendingAccessPredictor;
  private readonly batches: BatchLimit;
  private readonly blockSize: number;
  private blockTime: number;
  private timer: NodeJS.Timeout | undefined;
  /** When the timer last found nothing pending (performance.now()). */
  private idleAt = -Infinity;
  private stopped = false;
  private readonly onError: (line: string) => void;

  constructor(
    producer: BlockProducer,
    session: SessionReads,
    predictor: PendingAccessPredictor,
    batches: BatchLimit,
    settings: { blockSize: number; blockTime: number },
    onError: (line: string) => void,
  ) {
    this.producer = producer;
    this.session = session;
    this.predictor = predictor;
    this.batches = batches;
    this.blockSize = settings.blockSize;
    this.blockTime = settings.blockTime;
    this.onError = onError;
    this.startTimer();
  }

  /** Stops block production: no timer, the block being mined finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.producer.mining?.catch(() => {});
  }

  async handle(
    request: JsonRpcRequest,
    forward: (request: JsonRpcRequest) => Promise<JsonRpcResponse>,
  ): Promise<JsonRpcResponse> {
    const burst = await this.batches.oversized(request.params);
    if (burst !== undefined) {
      const message = `batch too large: ${burst} requests, at most ${this.batches.max} (parallel.node.maxBatch)`;
      return { jsonrpc: "2.0", id: request.id, error: { code: -32600, message } };
    }
    const params = (request.params ?? []) as unknown[];
    const reply = (result: unknown): JsonRpcResponse => ({ jsonrpc: "2.0", id: request.id, result });
    const own = this.own.get(request.method);
    if (own !== undefined) {
      const toEdr: Forward = async (method, forwarded) => {
        const response = await forward({ jsonrpc: "2.0", id: request.id, method, params: forwarded });
        if ("error" in response && response.error !== undefined) throw response.error;
        return (response as { result: unknown }).result;
      };
      try {
        return reply(await own(Array.isArray(params) ? params : [params], toEdr));
      } catch (error) {
        const { code, message } = error as { code?: unknown; message?: unknown };
        return {
          jsonrpc: "2.0",
          id: request.id,
          error: { code: typeof code === "number" ? code : -32603, message: String(message ?? error) },
        };
      }
    }
    if (request.method === "hardhat_mine" && this.producer.pending > 0) await this.mine();
    return this.producer.handle(request, forward);
  }

  /** The methods the router answers itself (made once: every request of the node looks here). */
  private readonly own = new Map<string, Method>(Object.entries(this.methods()));

  private methods(): Record<string, Method> {
    return {
      hardhat_setLoggingEnabled: async () => true,
      evm_setAutomine: async ([on]) => {
        if (typeof on !== "boolean") throw new RpcMethodError(-32602, "evm_setAutomine expects one boolean");
        this.producer.blockSize = on ? 1 : this.blockSize;
        if (on) await this.mine();
        return true;
      },
      evm_setIntervalMining: async ([ms]) => {
        const value = typeof ms === "string" ? Number(ms) : ms;
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
          throw new RpcMethodError(-32602, "evm_setIntervalMining expects a number of milliseconds (0: off)");
        }
        this.blockTime = value;
        this.startTimer();
        return true;
      },
      eth_createAccessList: createAccessList,
      eth_getBlockAccessList: async (params, forward) => {
        const number = await blockNumberParam(params, forward, "eth_getBlockAccessList");
        if (number === null) return null;
        const bal = await this.session.blockAccessList(number);
        if (bal !== undefined) return bal;
        const block = (await forward("eth_getBlockByNumber", ["0x" + number.toString(16), false])) as {
          transactions: unknown[];
        } | null;
        // A block without transactions has an empty list; one the plugin did not mine has none.
        return block !== null && block.transactions.length === 0 ? [] : null;
      },
      txpool_status: txpoolStatus,
      txpool_content: txpoolContent,
      txpool_inspect: txpoolInspect,
      parallel_getBlockReport: async (params, forward) => {
        const number = await blockNumberParam(params, forward, "parallel_getBlockReport");
        return number === null ? null : this.session.blockReport(number);
      },
      parallel_getPendingAccessLists: async (params) => {
        noParams(params, "parallel_getPendingAccessLists");
        return this.predictor.predict();
      },
      parallel_getSummary: async (params) => {
        noParams(params, "parallel_getSummary");
        return this.session.summary();
      },
    };
  }

  private async mine(): Promise<void> {
    try {
      await this.producer.mine();
    } catch (error) {
      this.onError(`mining failed: ${(error as Error).message}`);
    }
  }

  /**
   * The block timer, timed as EDR's interval mining (`hardhat node`'s `mining.interval`) is: a block
   * `blockTime` after the previous block was mined (by the timer, `--block-size` or `evm_mine`),
   * while transactions are pending. Sends are held while a block is produced, so timing from its
   * start would leave them less than `blockTime` between blocks.
   */
  private startTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.blockTime === 0 || this.stopped) return;
    const wait = Math.max(0, this.due() - performance.now());
    this.timer = setTimeout(() => void this.tick(), wait);
    this.timer.unref();
  }

  /** When the next timed block is due: `blockTime` after the last block, or after an idle tick. */
  private due(): number {
    return Math.max(this.producer.openedAt, this.idleAt) + this.blockTime;
  }

  private async tick(): Promise<void> {
    await this.producer.mining?.catch(() => {});
    // A block mined meanwhile (by size, evm_mine) moved the time due: the timer waits again.
    if (performance.now() >= this.due()) {
      if (this.producer.pending > 0) await this.mine();
      else this.idleAt = performance.now();
    }
    this.startTimer();
  }
}

function noParams(params: unknown[], method: string): void {
  if (params.length > 0) throw new RpcMethodError(-32602, `${method} takes no parameters`);
}
