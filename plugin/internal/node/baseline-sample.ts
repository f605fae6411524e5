/**
 * Which blocks also run on the sequential executor: pool blocks for the measured speedup, sequential
 * blocks so that the cost model knows the sequential executor's cost. The first 5 of each kind,
 * then any block whose predicted sequential run keeps all baseline runs within 10% of the time
 * spent mining, so that measuring does not slow the node down by more than that. (Counted
 * together, the small sequential blocks of a session's start took the first 5, and large pool
 * blocks, whose baseline is over the 10% budget, were never measured.)
 */
const FIRST = 5;
const SHARE = 0.1;

export class BaselineSample {
  private readonly samples = { pool: 0, sequential: 0 };
  private baselineMs = 0;
  private miningMs = 0;

  /** Should this block (where it ran; its predicted sequential ms, if known) run the baseline? */
  wanted(ranOn: "pool" | "sequential", predictedMs: number | undefined): boolean {
    if (this.samples[ranOn] < FIRST) return true;
    return this.baselineMs + (predictedMs ?? 0) <= SHARE * this.miningMs;
  }

  ran(ranOn: "pool" | "sequential", ms: number): void {
    this.samples[ranOn]++;
    this.baselineMs += ms;
  }

  /** A block took `ms` to mine, baseline included. */
  mined(ms: number): void {
    this.miningMs += ms;
  }
}
