import type { ChainConfig } from "../evm/index.ts";

import { ParallelExecutor } from "../execute/index.ts";

/**
 * One worker pool for a whole `parallel-report --execute` run, started on first use, and how many
 * timed rounds each block gets. The pool's workers are set up for one chain (id and hardfork): a
 * scenario on another chain replaces it. Call `terminate()` once, in a `finally`.
 */
export class ReplayPool {
  readonly workers: number;
  /** Timed runs of each block, sequential and parallel (see replay-capture.ts). */
  readonly rounds: number;
  private executor: ParallelExecutor | undefined;

  constructor(workers: number, rounds = 1) {
    this.workers = workers;
    this.rounds = rounds;
  }

  async executorFor(chain: ChainConfig): Promise<ParallelExecutor> {
    const current = this.executor;
    if (current !== undefined && current.chain.chainId === chain.chainId && current.chain.hardfork === chain.hardfork) {
      return current;
    }
    this.executor = undefined;
    await current?.terminate();
    this.executor = new ParallelExecutor(this.workers, chain);
    return this.executor;
  }

  async terminate(): Promise<void> {
    const executor = this.executor;
    this.executor = undefined;
    await executor?.terminate();
  }
}
