/**
 * What the main thread knows about one worker, as the executor uses it: the tasks it holds and its
 * busy time (kept by the pool), and how far its replica of the block is (kept by the block run,
 * through these methods). `Slot` below is the one owner of that state; the pool creates the slots
 * and drives their lifecycle (a task sent, answered, lost).
 */
export interface WorkerSlot {
  readonly index: number;
  /** Tasks sent and not answered yet (the worker runs them in order). */
  readonly inFlight: number;
  /** Milliseconds spent executing, since the pool's last `resetBusy`. */
  readonly busyMs: number;
  /**
   * Results this worker computed carry its generation; its replica skips the log's entries of its
   * own generation (it holds them already). A new generation makes it apply them from the log.
   */
  readonly generation: number;
  /** Whether its replica holds block `blockId` (never after the worker was replaced). */
  holds(blockId: number): boolean;
  /** A task with the set-up of block `blockId` goes out: the replica starts it, with none of its log. */
  startBlock(blockId: number): void;
  /** Its replica is not at the block it was thought to be: the next task must carry a set-up. */
  forgetBlock(): void;
  /** Its replica may lack results it computed (replaced, or out of step): they must come from the log. */
  newGeneration(): void;
  /** The block's log up to `length` goes out with its next task; returns where its replica's log was. */
  logSentUpTo(length: number): number;
  /** Of `codes` (hash, code), those the worker does not have yet; from now on it has them. */
  newCodes(codes: Iterable<[string, Uint8Array]>): Array<[string, Uint8Array]>;
}

/** A worker slot's state (the pool's: workers/ code only). */
export class Slot implements WorkerSlot {
  readonly index: number;
  private tasks = 0;
  private busy = 0;
  private gen = 0;
  /** The block its replica holds (-1: none, e.g. after the worker was replaced). */
  private blockId = -1;
  /** How many log entries of that block it has. */
  private seq = 0;
  /** Code hashes it has. */
  private readonly codes = new Set<string>();

  constructor(index: number) {
    this.index = index;
  }

  get inFlight(): number {
    return this.tasks;
  }

  get busyMs(): number {
    return this.busy;
  }

  get generation(): number {
    return this.gen;
  }

  holds(blockId: number): boolean {
    return this.blockId === blockId;
  }

  startBlock(blockId: number): void {
    this.blockId = blockId;
    this.seq = 0;
  }

  forgetBlock(): void {
    this.blockId = -1;
  }

  newGeneration(): void {
    this.gen++;
  }

  logSentUpTo(length: number): number {
    const from = this.seq;
    this.seq = length;
    return from;
  }

  newCodes(codes: Iterable<[string, Uint8Array]>): Array<[string, Uint8Array]> {
    const missing: Array<[string, Uint8Array]> = [];
    for (const [hash, code] of codes) {
      if (!this.codes.has(hash)) {
        missing.push([hash, code]);
        this.codes.add(hash);
      }
    }
    return missing;
  }

  /** The pool sent it a task. */
  taskSent(): void {
    this.tasks++;
  }

  /** A task was answered or lost. */
  taskSettled(): void {
    this.tasks--;
  }

  addBusy(ms: number): void {
    this.busy += ms;
  }

  resetBusy(): void {
    this.busy = 0;
  }

  /** A task failed: the worker and its replica are gone (the next task carries a full set-up). */
  lost(): void {
    this.blockId = -1;
    this.seq = 0;
    this.codes.clear();
  }
}
