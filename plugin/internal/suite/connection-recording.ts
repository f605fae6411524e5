import type { CapturedBlock } from "../capture/types.ts";
import type { Eip1193Provider } from "../rpc/index.ts";

import { captureBlocks, latestBlockNumber } from "../capture/capture-blocks.ts";

/** Blocks traced at once (their requests overlap). */
const CONCURRENT_BLOCKS = 8;

/** What one chain (a connection, or a connection after `hardhat_reset`) mined while the tests ran. */
export interface RecordedChain {
  /** "<connection id>", then "<connection id>.<n>" after the n-th `hardhat_reset`. */
  id: string;
  networkName: string;
  chainId: number;
  hardfork: string;
  blocks: CapturedBlock[];
}

/**
 * The capture state of one network connection: which blocks are already captured. Blocks are traced
 * lazily, in order, whenever the recorder is about to lose them (a snapshot revert, a reset, a state
 * edit, closing the connection) and at the end of the run; captures never overlap.
 */
export class ConnectionRecording {
  readonly #provider: Eip1193Provider;
  readonly #connectionId: number;
  readonly #networkName: string;
  readonly #chainId: number;
  readonly #hardfork: string;
  readonly chains: RecordedChain[] = [];
  #lastCaptured: number;
  #queue: Promise<void> = Promise.resolve();
  /** Transactions of blocks that could not be traced. */
  untraced = 0;
  /** Time spent capturing, in milliseconds. */
  captureMs = 0;
  readonly errors: string[] = [];

  constructor(
    provider: Eip1193Provider,
    connection: { id: number; networkName: string; chainId: number; hardfork: string },
    firstBlockToCapture: number,
  ) {
    this.#provider = provider;
    this.#connectionId = connection.id;
    this.#networkName = connection.networkName;
    this.#chainId = connection.chainId;
    this.#hardfork = connection.hardfork;
    this.#lastCaptured = firstBlockToCapture - 1;
    this.#newChain();
  }

  /** Captures every block mined since the last capture. */
  capture(): Promise<void> {
    return this.#enqueue(() => this.#captureNow());
  }

  /** After a snapshot revert or a reset: blocks above the new head are gone (already captured). */
  rewound(reset: boolean): Promise<void> {
    return this.#enqueue(async () => {
      this.#lastCaptured = await latestBlockNumber(this.#provider);
      if (reset) this.#newChain();
    });
  }

  /** Runs `step` after the previous ones; a failure is recorded, never thrown at the tests. */
  #enqueue(step: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(step).catch((error: unknown) => {
      this.errors.push(`connection ${this.#connectionId}: ${(error as Error).message}`);
    });
    return this.#queue;
  }

  #newChain(): void {
    const n = this.chains.length;
    this.chains.push({
      id: n === 0 ? String(this.#connectionId) : `${this.#connectionId}.${n}`,
      networkName: this.#networkName,
      chainId: this.#chainId,
      hardfork: this.#hardfork,
      blocks: [],
    });
  }

  async #captureNow(): Promise<void> {
    const started = performance.now();
    try {
      await this.#captureBlocks();
    } finally {
      this.captureMs += performance.now() - started;
    }
  }

  async #captureBlocks(): Promise<void> {
    const chain = this.chains[this.chains.length - 1];
    const latest = await latestBlockNumber(this.#provider);
    // Block by block, so that one block that cannot be traced costs only its own transactions;
    // a few blocks at a time, in order.
    for (let first = this.#lastCaptured + 1; first <= latest; first += CONCURRENT_BLOCKS) {
      const numbers = Array.from({ length: Math.min(CONCURRENT_BLOCKS, latest - first + 1) }, (_, i) => first + i);
      for (const blocks of await Promise.all(numbers.map((number) => this.#captureBlock(number))))
        chain.blocks.push(...blocks);
    }
    this.#lastCaptured = Math.max(this.#lastCaptured, latest);
  }

  async #captureBlock(number: number): Promise<CapturedBlock[]> {
    try {
      return await captureBlocks(this.#provider, number, number);
    } catch (error) {
      const count = await this.#provider.request({
        method: "eth_getBlockTransactionCountByNumber",
        params: ["0x" + number.toString(16)],
      });
      this.untraced += Number(count);
      this.errors.push(`block ${number} of connection ${this.#connectionId}: ${(error as Error).message}`);
      return [];
    }
  }
}
