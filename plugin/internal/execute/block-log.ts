import type { StateKey } from "../capture/types.ts";
import type { StateValue } from "./state-values.ts";
import type { LogEntry } from "./worker-messages.ts";
import type { WorkerSlot } from "./worker-pool.ts";

/** A log entry as kept on the main thread: who produced it, so that worker is not sent it back. */
type OwnedEntry = LogEntry & { origin?: number; generation?: number };

/** What a worker receives in place of one of its own results, which its replica already holds. */
const PLACEHOLDER: LogEntry = { pre: [] };

/**
 * The append-only log of every change applied to a block's multi-version memory, in order: each
 * result recorded (whose worker, of which generation, produced it) and each pre-state value
 * fetched during the block. Workers replay it to keep their replicas equal to the main thread's
 * memory (invariant 2 in parallel-executor.ts); each slot's `seq` says how much of it it has.
 */
export class BlockLog {
  private readonly entries: OwnedEntry[] = [];

  /** A result of `tx`; `origin`: the slot index of the worker that computed it (-1: the main thread). */
  result(
    tx: number,
    writes: Map<StateKey, StateValue>,
    feeDelta: bigint,
    codes: Array<[string, Uint8Array]>,
    origin: number,
    generation: number,
  ): void {
    this.entries.push({ tx, writes, feeDelta, codes: codes.length > 0 ? codes : undefined, origin, generation });
  }

  /** Pre-state fetched during the block. */
  pre(entry: LogEntry & { pre: unknown }): void {
    this.entries.push(entry);
  }

  /**
   * The entries `slot` has not received yet, from `slot.seq` on (its own results, of the worker's
   * current `generation`, as placeholders), and marks them received.
   */
  sendTo(slot: WorkerSlot, generation: number): { fromSeq: number; log: LogEntry[] } {
    const fromSeq = slot.seq;
    const log: LogEntry[] = [];
    for (let i = fromSeq; i < this.entries.length; i++) {
      const entry = this.entries[i];
      log.push(entry.origin === slot.index && entry.generation === generation ? PLACEHOLDER : withoutOwner(entry));
    }
    slot.seq = this.entries.length;
    return { fromSeq, log };
  }
}

function withoutOwner(entry: OwnedEntry): LogEntry {
  if ("pre" in entry) return { pre: entry.pre, codes: entry.codes };
  return { tx: entry.tx, writes: entry.writes, feeDelta: entry.feeDelta, codes: entry.codes };
}
