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
 * - Batches take runnable transactions in index order, the lowest first.
 * - Contention: the scheduler keeps a moving abort rate (executions later invalidated). Above
 *   `FALLBACK_ABORT_RATE` it falls back to sequential mode: one batch at a time, starting at the
 *   lowest unfinished transaction (every transaction in it then runs on final inputs, nothing is
 *   wasted). After `probeAfter` commits it tries parallel again, doubling the wait each time the
 *   contention is still there.
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
  private probeAt = 0;
  private probeAfter = 64;
  private inFlight = 0;

  constructor(n: number) {
    this.n = n;
    this.status = new Uint8Array(n);
    this.blockedBy = new Int32Array(n).fill(-1);
  }

  /** The next batch (at most `maxSize` transactions), or an empty array when nothing can run now. */
  pickBatch(maxSize: number): number[] {
    if (this.mode === "sequential") {
      if (this.inFlight > 0) return [];
      maxSize *= 2;
    }
    const batch: number[] = [];
    const inBatch = new Set<number>();
    const { status, blockedBy } = this;
    for (let tx = this.commitIndex; tx < this.n && batch.length < maxSize; tx++) {
      if (status[tx] !== READY) {
        if (this.mode === "sequential" && batch.length > 0 && status[tx] !== EXECUTED) break;
        continue;
      }
      const blocker = blockedBy[tx];
      if (blocker >= 0 && status[blocker] < EXECUTED && !inBatch.has(blocker)) {
        if (this.mode === "sequential") break;
        continue;
      }
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
      if (this.mode === "parallel" && this.abortRate > FALLBACK_ABORT_RATE) {
        this.mode = "sequential";
        this.fellBack = true;
        this.probeAt = this.commitIndex + this.probeAfter;
        this.probeAfter *= 2;
      }
    }
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
    if (this.mode === "sequential" && this.commitIndex >= this.probeAt) {
      this.mode = "parallel";
      this.abortRate = FALLBACK_ABORT_RATE / 2;
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
