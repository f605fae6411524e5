/** Transaction states in the scheduler. */
export const READY = 0;
export const RUNNING = 1;
export const FETCHING = 2;
export const EXECUTED = 3;
export const COMMITTED = 4;

/**
 * Which transactions run next, and where the commit point is (Block-STM's collaborative scheduler,
 * centralised on the main thread and handing out batches).
 *
 * - A READY transaction may carry `blockedBy`: the lower transaction whose write invalidated its
 *   last read. It is not handed out until that transaction has a result again (EXECUTED or
 *   COMMITTED), or it rides in the same batch right after it (the worker then runs them in order).
 * - Batches take runnable transactions in index order, the lowest first (leaving out those a
 *   worker must leave to another: serial call classes run on their chain's worker only, see
 *   serial-classes.ts).
 * - Contention: the executor reports, for each execution result, whether it read a key written by
 *   one of the last few transactions (those that run concurrently in parallel mode; in parallel
 *   mode, not one of its own chain of serial classes, which its worker runs in order). Parallel mode
 *   falls back to sequential mode when the moving rate of aborted executions exceeds
 *   `FALLBACK_ABORT_RATE`, or, during a probe (the first `PROBE_RESULTS` results of the block or
 *   after parallel mode resumes), when more than `PROBE_DEPENDENCY_RATE` of them were dependent
 *   (a dependency chain: caught in the first batch, before any abort). In sequential mode no more
 *   batches are handed out and the executor runs the transactions at the commit point one by one
 *   on the main thread (each on final inputs, nothing is wasted). Parallel mode resumes (a new
 *   probe) when the moving rate of dependent results there drops below `RESUME_DEPENDENCY_RATE`,
 *   or after `probeAfter` transactions (doubled at each such blind probe) unless that rate is above
 *   what a probe would fall back at.
 */
export class Scheduler {
  readonly n: number;
  readonly status: Uint8Array;
  readonly blockedBy: Int32Array;
  commitIndex = 0;
  mode: "parallel" | "sequential" = "parallel";
  /** True once the block has run (part of the time) in sequential mode. */
  fellBack = false;
  private abortRate = 0;
  private dependencyRate = 0;
  private inFlight = 0;
  /** Results seen, and dependent ones, in the current probe (-1: not probing). */
  private probeSeen = 0;
  private probeDependent = 0;
  /** Sequential mode: transactions run since the fallback, and the count that triggers a blind probe. */
  private sequentialRun = 0;
  private probeAfter = 64;

  /** False: never fall back (a test fault is armed and must reach a worker). */
  private readonly mayFallBack: boolean;

  constructor(n: number, options: { mayFallBack?: boolean } = {}) {
    this.n = n;
    this.mayFallBack = options.mayFallBack ?? true;
    this.status = new Uint8Array(n);
    this.blockedBy = new Int32Array(n).fill(-1);
  }

  /**
   * The next batch (at most `maxSize` transactions, none for which `skip` is true), or an empty
   * array when nothing can run now.
   */
  pickBatch(maxSize: number, skip?: (tx: number) => boolean): number[] {
    if (this.mode === "sequential") return [];
    const batch: number[] = [];
    const inBatch = new Set<number>();
    const { status, blockedBy } = this;
    for (let tx = this.commitIndex; tx < this.n && batch.length < maxSize; tx++) {
      if (status[tx] !== READY || skip?.(tx) === true) continue;
      const blocker = blockedBy[tx];
      if (blocker >= 0 && status[blocker] < EXECUTED && !inBatch.has(blocker)) continue;
      batch.push(tx);
      inBatch.add(tx);
      status[tx] = RUNNING;
    }
    if (batch.length > 0) this.inFlight++;
    return batch;
  }

  /** A dispatched batch came back (or was lost). */
  batchDone(): void {
    this.inFlight--;
  }

  /** No batch is in flight. */
  get idle(): boolean {
    return this.inFlight === 0;
  }

  /** Marks `tx` as running on the main thread (sequential mode). */
  running(tx: number): void {
    this.status[tx] = RUNNING;
  }

  /** An execution result came in; `dependent`: it read a key written by a recent transaction. */
  observe(dependent: boolean): void {
    this.dependencyRate = this.dependencyRate * (15 / 16) + (dependent ? 1 / 16 : 0);
    if (this.mode === "parallel") {
      if (this.probeSeen < 0) return;
      this.probeSeen++;
      if (dependent) this.probeDependent++;
      if (this.probeSeen >= PROBE_MIN_RESULTS && this.probeDependent > PROBE_DEPENDENCY_RATE * this.probeSeen) {
        this.fallBack(this.probeDependent / this.probeSeen);
      } else if (this.probeSeen >= PROBE_RESULTS) this.probeSeen = -1;
    } else if (this.dependencyRate < RESUME_DEPENDENCY_RATE) {
      this.resume();
    } else if (++this.sequentialRun >= this.probeAfter && this.dependencyRate < PROBE_DEPENDENCY_RATE) {
      this.probeAfter *= 2;
      this.resume();
    }
  }

  /** Sequential mode: most recent transactions depend on the last few (a chain). */
  get chained(): boolean {
    return this.dependencyRate >= PROBE_DEPENDENCY_RATE;
  }

  private resume(): void {
    this.mode = "parallel";
    this.abortRate = FALLBACK_ABORT_RATE / 2;
    this.probeSeen = 0;
    this.probeDependent = 0;
  }

  executed(tx: number): void {
    this.status[tx] = EXECUTED;
    this.abortRate *= 15 / 16;
  }

  /** `tx` must run again, after `blocker` (-1: nothing to wait for). `aborted`: a result was wasted. */
  reschedule(tx: number, blocker: number, aborted: boolean): void {
    this.status[tx] = READY;
    this.blockedBy[tx] = blocker;
    if (aborted) {
      this.abortRate += 1 / 16;
      if (this.mode === "parallel" && this.abortRate > FALLBACK_ABORT_RATE) this.fallBack();
    }
  }

  /**
   * Starts the block in sequential mode: earlier blocks showed most of its transactions form one
   * chain (serial-classes.ts). Parallel mode resumes as after any fallback.
   */
  startSequential(): void {
    this.fallBack(1);
  }

  /** `dependencyRate`: the rate the probe measured, if it decided. */
  private fallBack(dependencyRate = 0): void {
    if (!this.mayFallBack) return;
    this.mode = "sequential";
    this.fellBack = true;
    this.dependencyRate = Math.max(this.dependencyRate, dependencyRate, 2 * RESUME_DEPENDENCY_RATE);
    this.sequentialRun = 0;
  }

  fetching(tx: number): void {
    this.status[tx] = FETCHING;
  }

  /** Commits EXECUTED transactions at the commit point while `valid` accepts them. */
  advance(valid: (tx: number) => boolean): void {
    while (this.commitIndex < this.n && this.status[this.commitIndex] === EXECUTED) {
      if (!valid(this.commitIndex)) break;
      this.status[this.commitIndex++] = COMMITTED;
    }
  }

  get done(): boolean {
    return this.commitIndex === this.n;
  }

  /** Uncommitted transactions. */
  get remaining(): number {
    return this.n - this.commitIndex;
  }
}

/** Fraction of executions wasted above which the scheduler runs the block sequentially. */
export const FALLBACK_ABORT_RATE = 0.4;
/** A probe: this many results, the first `PROBE_MIN_RESULTS` of which decide nothing alone. */
export const PROBE_RESULTS = 32;
export const PROBE_MIN_RESULTS = 12;
/** Fraction of dependent results in a probe above which the scheduler runs the block sequentially. */
export const PROBE_DEPENDENCY_RATE = 0.7;
/** Moving rate of dependent results (sequential mode) below which parallel mode resumes. */
export const RESUME_DEPENDENCY_RATE = 0.2;
