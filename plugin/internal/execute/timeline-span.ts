/**
 * One execution of one transaction in a block run, as measured: which worker ran it, and from when to
 * when (ms since the start of the block run; a worker's clock is `performance.timeOrigin +
 * performance.now()`, comparable across threads). The block's spans draw it as a Gantt chart.
 */
export interface TimelineSpan {
  /** The transaction's index in the block. */
  tx: number;
  /**
   * The incarnation number the execution ran as, 1-based: 1 for the first execution, k + 1 for one
   * after k results of the transaction were recorded (so > 1 marks a re-execution after an
   * invalidated read). A discarded execution (it found pre-state missing, or its batch was taken over
   * by the main thread) shares its number with the execution that replaced it.
   */
  incarnation: number;
  /** The worker slot's index (0-based), or -1 for the main thread (sequential mode; the sequential executor). */
  worker: number;
  startMs: number;
  endMs: number;
}

/**
 * The spans of a batch that came back from `worker`: `spans` holds [start, end] per result, in
 * epoch ms (`performance.timeOrigin + performance.now()` on the worker); `origin` is the block run's
 * start in the same clock.
 */
export function batchSpans(
  worker: number,
  results: ReadonlyArray<{ tx: number; incarnation: number }>,
  spans: readonly number[],
  origin: number,
): TimelineSpan[] {
  return results.map(({ tx, incarnation }, i) => ({
    tx,
    incarnation,
    worker,
    startMs: spans[2 * i] - origin,
    endMs: spans[2 * i + 1] - origin,
  }));
}
