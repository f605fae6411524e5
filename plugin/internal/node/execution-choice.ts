/**
 * Whether a block is worth the worker pool, decided from measured costs.
 *
 * The sequential executor costs `perTx` ms a transaction (measured on every sequential run: the
 * sampled baselines and the blocks that ran sequentially). The pool costs a fixed `setupMs` a block
 * (the block and its pre-state sent to each worker, the first round trip) plus, per transaction,
 * its share of the execution (`perTx / workers`) and the main thread's cost of recording,
 * validating and committing one result (`perResultMs`). Both pool costs are fitted (least squares
 * over the last runs) to each pool run's wall time less the execution share. The transactions that
 * read what an earlier one in the block wrote (the engine's run says which, before the choice)
 * are re-executed or run one after another on the pool: their share `d` of the block adds
 * `d × sequential` to the pool's time. A block goes to the pool when its predicted pool time is
 * under `margin` (0.9) of its predicted sequential time.
 *
 * Until the sequential cost is known the block runs sequentially. While fewer than 3 pool runs are
 * known, a block of 50 transactions or more whose prediction with the prior costs is near
 * break-even (under 1.2×) goes to the pool, so the pool's costs get measured; after that the
 * fitted prediction decides, for blocks no smaller than the smallest pool run measured: the fit
 * says nothing of smaller ones (fitted on large blocks alone, the fixed cost can come out near 0,
 * and a block of 5 transactions then ran on the pool at 0.38× of the sequential run).
 *
 * The fit can still be wrong where the load is not the model's: on 2 cores shared with EDR and the
 * clients, pool blocks of 1,000–2,000 transactions it predicted under 0.9 came out at 0.86× of
 * their sequential runs. So the pool blocks measured against their sequential run (the sampled
 * baselines) overrule it: once 2 or more such blocks of n/2 to 2n transactions are known and, taken
 * together, the pool was not under `margin` of the sequential time, a block of n runs sequentially.
 */
export interface ChoiceModel {
  perTxMs: number | undefined;
  setupMs: number;
  perResultMs: number;
  poolRuns: number;
}

const MARGIN = 0.9;
const EXPLORE_RATIO = 1.2;
const EXPLORE_SIZE = 50;
const KEEP = 40;

export class ExecutionChoice {
  readonly workers: number;
  /** Tests and benchmarks: every block this way, whatever the costs. */
  fixed: "pool" | "sequential" | undefined;
  private perTx: number | undefined;
  /** Pool runs as (transactions, wall ms less the execution share). */
  private readonly runs: Array<[number, number]> = [];
  /** Pool blocks also run sequentially: (transactions, pool ms, sequential ms). */
  private readonly measured: Array<[number, number, number]> = [];
  private setupMs = 2;
  private perResultMs = 0.1;

  constructor(workers: number) {
    this.workers = workers;
  }

  get model(): ChoiceModel {
    return { perTxMs: this.perTx, setupMs: this.setupMs, perResultMs: this.perResultMs, poolRuns: this.runs.length };
  }

  /**
   * The predicted milliseconds of a block of `n` transactions of which a share `dependent` reads
   * what an earlier one wrote, each way (undefined: not known yet).
   */
  predict(n: number, dependent = 0): { sequentialMs: number; poolMs: number } | undefined {
    if (this.perTx === undefined) return undefined;
    const sequentialMs = n * this.perTx;
    return {
      sequentialMs,
      poolMs: this.setupMs + n * (this.perTx / this.workers + this.perResultMs) + dependent * sequentialMs,
    };
  }

  /** "pool" or "sequential" for a block of `n` transactions, a share `dependent` of them dependent. */
  choose(n: number, dependent = 0): "pool" | "sequential" {
    if (this.fixed !== undefined) return this.fixed;
    if (this.workers < 2 || n < 2) return "sequential";
    const predicted = this.predict(n, dependent);
    if (predicted === undefined) return "sequential";
    const ratio = predicted.poolMs / predicted.sequentialMs;
    if (this.runs.length < 3) return n >= EXPLORE_SIZE && ratio < EXPLORE_RATIO ? "pool" : "sequential";
    const smallest = Math.min(...this.runs.map(([size]) => size));
    const observed = this.observedRatio(n);
    if (observed !== undefined && observed >= MARGIN) return "sequential";
    return n >= smallest && ratio < MARGIN ? "pool" : "sequential";
  }

  /** A pool block of `n` transactions took `poolMs`; the same block took `sequentialMs` on the sequential executor. */
  measuredPair(n: number, poolMs: number, sequentialMs: number): void {
    if (n === 0 || sequentialMs <= 0) return;
    this.measured.push([n, poolMs, sequentialMs]);
    if (this.measured.length > KEEP) this.measured.shift();
  }

  /** Pool over sequential time of the measured pool blocks of n/2 to 2n transactions (at least 2 of them). */
  private observedRatio(n: number): number | undefined {
    const near = this.measured.filter(([size]) => size >= n / 2 && size <= 2 * n);
    if (near.length < 2) return undefined;
    return near.reduce((sum, [, pool]) => sum + pool, 0) / near.reduce((sum, [, , sequential]) => sum + sequential, 0);
  }

  /** A sequential run of `n` transactions took `ms`. */
  sequentialRun(n: number, ms: number): void {
    if (n === 0) return;
    const sample = ms / n;
    this.perTx = this.perTx === undefined ? sample : 0.8 * this.perTx + 0.2 * sample;
  }

  /** A pool run of `n` transactions took `ms`. */
  poolRun(n: number, ms: number): void {
    if (n === 0 || this.perTx === undefined) return;
    this.runs.push([n, Math.max(0, ms - (n * this.perTx) / this.workers)]);
    if (this.runs.length > KEEP) this.runs.shift();
    this.fit();
  }

  /** Least squares of overhead = setupMs + n × perResultMs, both kept at or above zero. */
  private fit(): void {
    const count = this.runs.length;
    const meanN = this.runs.reduce((sum, [n]) => sum + n, 0) / count;
    const meanY = this.runs.reduce((sum, [, y]) => sum + y, 0) / count;
    let sxx = 0;
    let sxy = 0;
    for (const [n, y] of this.runs) {
      sxx += (n - meanN) ** 2;
      sxy += (n - meanN) * (y - meanY);
    }
    if (sxx < 1e-9) {
      // One block size only: keep the fixed part, put the rest on the transactions.
      this.perResultMs = Math.max(0, (meanY - this.setupMs) / meanN);
      return;
    }
    const slope = Math.max(0, sxy / sxx);
    this.perResultMs = slope;
    this.setupMs = Math.max(0, meanY - slope * meanN);
  }
}
