import type { CapturedBlock } from "../capture/types.ts";
import type { Eip1193Provider } from "../rpc/index.ts";

import { captureBlocks } from "../capture/capture-blocks.ts";
import { ParallelError } from "../parallel-error.ts";

/** How often the node's head is read while transactions wait for a block. */
const POLL_MS = 200;
/** How long transactions may wait with none of them mined before the wait fails. */
export const NODE_STALL_MS = 30_000;

/**
 * Block production on a node that mines at its own block time and holds nothing on request (no
 * `evm_mine`: geth --dev.period, a shared devnet, a testnet). Nothing is held back: `mine()` waits
 * until every transaction sent so far (`noteSent`) is in a block, then traces the blocks since the
 * last one traced. They are the node's blocks as it mined them, so they may also hold other
 * senders' transactions, and their sizes follow the node's block time, not --block-size.
 */
export class NodeMinedBlocks {
  /** Every non-empty block traced, in order. */
  readonly blocks: CapturedBlock[] = [];
  readonly #provider: Eip1193Provider;
  readonly #url: string;
  readonly #waiting = new Set<string>();
  /** The last block read for the transactions waited on. */
  #scanned: number;
  /** The first block not traced yet. */
  #next: number;
  /** The last block seen holding one of the transactions waited on. */
  #lastHolding = -1;

  /** `head`: the node's latest block before anything is sent. */
  constructor(provider: Eip1193Provider, url: string, head: number) {
    this.#provider = provider;
    this.#url = url;
    this.#scanned = head;
    this.#next = head + 1;
  }

  /** A transaction sent (its hash): the next `mine()` waits until a block holds it. */
  noteSent(hash: string): void {
    this.#waiting.add(hash.toLowerCase());
  }

  /** Nothing to do: the head state is the node's. */
  invalidate(): void {}

  /** Waits for every transaction sent so far (a scenario's setup); capture starts after its blocks. */
  async startAfterSent(): Promise<void> {
    await this.#wait();
    this.#scanned = Number(await this.#provider.request({ method: "eth_blockNumber" }));
    this.#next = this.#scanned + 1;
  }

  /** Waits until a block holds every transaction sent, then traces the blocks mined since the last call. */
  async mine(opened: () => void = () => {}): Promise<void> {
    await this.#wait();
    opened();
    if (this.#lastHolding < this.#next) return;
    const traced = await captureBlocks(this.#provider, this.#next, this.#lastHolding, undefined, true);
    for (const block of traced) block.capturedBy = "trace";
    this.blocks.push(...traced);
    this.#next = this.#lastHolding + 1;
  }

  async #wait(): Promise<void> {
    const holding = (block: number) => (this.#lastHolding = block);
    this.#scanned = await waitUntilMined(this.#provider, this.#url, this.#waiting, this.#scanned + 1, holding);
  }
}

/**
 * Reads the node's blocks from `from` on until every hash in `waiting` is in one (removing them),
 * calling `holding` with each block that held one; returns the last block read. One ParallelError
 * line when none of them is mined for NODE_STALL_MS (a node that does not mine on its own, or
 * transactions it will not take).
 */
export async function waitUntilMined(
  provider: Eip1193Provider,
  url: string,
  waiting: Set<string>,
  from: number,
  holding: (block: number) => void = () => {},
  stallMs = NODE_STALL_MS,
): Promise<number> {
  let scanned = from - 1;
  if (waiting.size === 0) return scanned;
  const start = Number(await provider.request({ method: "eth_blockNumber" }));
  let progress = Date.now();
  for (;;) {
    const head = Number(await provider.request({ method: "eth_blockNumber" }));
    for (; scanned < head; scanned++) {
      const block = (await provider.request({
        method: "eth_getBlockByNumber",
        params: ["0x" + (scanned + 1).toString(16), false],
      })) as { transactions: string[] } | null;
      if (block === null) break;
      const mined = block.transactions.filter((hash) => waiting.delete(hash.toLowerCase()));
      if (mined.length === 0) continue;
      holding(scanned + 1);
      progress = Date.now();
    }
    if (waiting.size === 0) return scanned;
    if (Date.now() - progress > stallMs) throw stalled(url, waiting.size, head > start, stallMs);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function stalled(url: string, count: number, minedOthers: boolean, stallMs: number): ParallelError {
  const seconds = stallMs / 1000;
  const what = `${count} transaction(s) sent to the node at ${url} were not mined within ${seconds} s`;
  if (minedOthers) return new ParallelError(`${what}, although it mined blocks (fees too low? a full txpool?)`);
  return new ParallelError(
    `${what}: it mined no block. It answers no evm_mine, so parallel-report waits for the node's own blocks: ` +
      `give it a block time (geth --dev --dev.period 1, anvil --block-time 1) or use a node with evm_mine`,
  );
}
