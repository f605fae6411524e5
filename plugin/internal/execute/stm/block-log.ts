import type { Encoded, LogEntry, PackedEntries, WorkerSlot } from "../workers/index.ts";

import { encode } from "../workers/index.ts";

/**
 * The append-only log of every change applied to a block's multi-version memory, in order: each
 * result recorded (whose worker, of which generation, produced it) and each pre-state value
 * fetched during the block. Workers replay it to keep their replicas equal to the main thread's
 * memory (invariant 2 in parallel-executor.ts); each slot knows how much of it its replica has.
 *
 * Entries are encoded once, in chunks: a send seals the entries appended since the last one into a
 * chunk, and every worker gets the same chunks. So what a slot has is always a chunk boundary.
 */
export class BlockLog {
  private pending: LogEntry[] = [];
  private readonly chunks: Array<{ from: number; bytes: Encoded<LogEntry[]> }> = [];
  private length = 0;

  /** A result of `tx`; `origin`: the slot index of the worker that computed it (-1: the main thread). */
  result(
    tx: number,
    writes: PackedEntries,
    feeDelta: bigint,
    codes: Array<[string, Uint8Array]>,
    origin: number,
    generation: number,
  ): void {
    this.append({ tx, writes, feeDelta, codes: codes.length > 0 ? codes : undefined, origin, generation });
  }

  /** Pre-state fetched during the block. */
  pre(entry: LogEntry & { pre: unknown }): void {
    this.append(entry);
  }

  /** The chunks `slot` has not received yet, and marks them received. */
  sendTo(slot: WorkerSlot): { fromSeq: number; log: Array<Encoded<LogEntry[]>> } {
    if (this.pending.length > 0) {
      this.chunks.push({ from: this.length - this.pending.length, bytes: encode(this.pending) });
      this.pending = [];
    }
    const fromSeq = slot.logSentUpTo(this.length);
    return { fromSeq, log: this.chunks.slice(this.chunkAt(fromSeq)).map((chunk) => chunk.bytes) };
  }

  private append(entry: LogEntry): void {
    this.pending.push(entry);
    this.length++;
  }

  /** Index of the chunk that starts at `seq` (the number of chunks when `seq` is the end). */
  private chunkAt(seq: number): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.chunks[mid].from < seq) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.chunks.length ? this.chunks[lo].from !== seq : seq !== this.length) {
      throw new Error(`internal error: log position ${seq} is not a chunk boundary`);
    }
    return lo;
  }
}
