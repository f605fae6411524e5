/**
 * The size limit of JSON-RPC batches sent to parallel-node (`parallel.node.maxBatch`).
 *
 * Hardhat's server answers a batch element by element, and the plugin's network hook sees each
 * element as a single request. What tells a batch apart: the server starts every element's request
 * in one synchronous loop (`Promise.all(batch.map(…))`), and each element takes the same path to the
 * hook, so the elements reach it one after the other before any microtask queued by the first one
 * runs. Requests that come from anything else (another HTTP request, a later WebSocket message)
 * start in a later task of the event loop, after the microtask queue has been emptied.
 *
 * So a burst is every request that reaches `oversized` before the microtask queued by its first
 * request runs. Each request waits for that microtask (one more microtask hop) and learns the size
 * of its burst; every element of a burst over the limit gets an error response, and nothing of it
 * reaches EDR. One read of a WebSocket (at most 64 KiB, which holds fewer than 1,400 of the
 * smallest requests) can start pipelined messages in one loop too, so the limit should stay above
 * what a client pipelines; the default, 1,000, is geth's.
 *
 * The plugin's own requests (the miner's state reads, which it sends many at a time) are not
 * counted: they go through `ownProvider`, which marks their params arrays (Hardhat's provider hands
 * the same array to the hook).
 */
import type { Eip1193Provider } from "../rpc/index.ts";

export const DEFAULT_MAX_BATCH = 1000;

export class BatchLimit {
  readonly max: number;
  private burst: { size: number } | undefined;
  private readonly own = new WeakSet<object>();

  constructor(max: number) {
    this.max = max;
  }

  /** The same provider, its requests marked as the plugin's own: never counted. */
  ownProvider(provider: Eip1193Provider): Eip1193Provider {
    return {
      request: ({ method, params }) => {
        const marked = Array.isArray(params) ? [...params] : params === undefined ? [] : params;
        if (typeof marked === "object" && marked !== null) this.own.add(marked);
        return provider.request({ method, params: marked });
      },
    };
  }

  /** Undefined, or the size of the request's burst when it is over the limit. */
  async oversized(params: unknown): Promise<number | undefined> {
    if (typeof params === "object" && params !== null && this.own.has(params)) return undefined;
    let burst = this.burst;
    if (burst === undefined) {
      const opened = (burst = this.burst = { size: 0 });
      queueMicrotask(() => {
        if (this.burst === opened) this.burst = undefined;
      });
    }
    burst.size++;
    // Queued after the microtask that ends the burst: the burst's size is final here.
    await Promise.resolve();
    return burst.size > this.max ? burst.size : undefined;
  }
}
