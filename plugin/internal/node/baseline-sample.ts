/**
 * Which pool blocks also run sequentially, for the measured speedup: the first 5, then any block
 * whose predicted sequential run keeps all baseline runs within 10% of the time spent mining, so
 * that measuring does not slow the node down by more than that.
 */
const FIRST = 5;
const SHARE = 0.1;

export class BaselineSample {
  private samples = 0;
  private baselineMs = 0;
  private miningMs = 0;

  /** Should this block (predicted sequential ms, if known) run the baseline? */
  wanted(predictedMs: number | undefined): boolean {
    if (this.samples < FIRST) return true;
    return this.baselineMs + (predictedMs ?? 0) <= SHARE * this.miningMs;
  }

  ran(ms: number): void {
    this.samples++;
    this.baselineMs += ms;
  }

  /** A block took `ms` to mine, baseline included. */
  mined(ms: number): void {
    this.miningMs += ms;
  }
}
