import type { RecordedChain } from "./connection-recording.ts";
import type { RecordingResult } from "./test-suite-recorder.ts";

/** Set by the parent for mocha's workers: the folder they write their recordings to. */
export const RECORDING_DIR_VARIABLE = "HH_PARALLEL_RECORDING_DIR";

/**
 * What one mocha worker process recorded while it ran one test file (mocha's parallel mode): the
 * blocks mined since its previous file, chain by chain. A worker runs several files one after the
 * other in one process (one HRE): a connection may outlive a file, so a chain may come in pieces,
 * one per file; connection ids restart in every process.
 */
export interface WorkerFileRecording {
  /** The test file whose root `afterAll` wrote it. */
  file: string;
  /** Unique per worker process (its pid and a random part). */
  worker: string;
  /** 0, 1, … in the worker: the order of its pieces. */
  sequence: number;
  /** New blocks only (a chain already seen by an earlier file continues). */
  chains: RecordedChain[];
  untraced: number;
  errors: string[];
  captureMs: number;
}

/**
 * One RecordingResult from every worker's files, as a serial run gives it: test file after test file
 * (`fileOrder`, then by path for files not in it), each file's chains in the order its worker
 * recorded them; a chain's pieces joined in the order they were mined. Chain ids become
 * "<worker>/<id>": ids of different processes never meet.
 */
export function mergeWorkerRecordings(
  pieces: readonly WorkerFileRecording[],
  fileOrder: readonly string[] = [],
): RecordingResult {
  const rank = new Map(fileOrder.map((file, i) => [file, i]));
  const byFile = (a: WorkerFileRecording, b: WorkerFileRecording) =>
    (rank.get(a.file) ?? Infinity) - (rank.get(b.file) ?? Infinity) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    (a.worker < b.worker ? -1 : a.worker > b.worker ? 1 : 0) ||
    a.sequence - b.sequence;
  const inMinedOrder = [...pieces].sort(
    (a, b) => (a.worker < b.worker ? -1 : a.worker > b.worker ? 1 : 0) || a.sequence - b.sequence,
  );
  // Blocks of each chain, in the order they were mined (its worker's sequence).
  const blocks = new Map<string, RecordedChain["blocks"]>();
  for (const piece of inMinedOrder) {
    for (const chain of piece.chains) {
      const id = `${piece.worker}/${chain.id}`;
      const known = blocks.get(id) ?? [];
      known.push(...chain.blocks);
      blocks.set(id, known);
    }
  }
  // Chains in file order, each where it first appears.
  const chains: RecordedChain[] = [];
  const placed = new Set<string>();
  for (const piece of [...pieces].sort(byFile)) {
    for (const chain of piece.chains) {
      const id = `${piece.worker}/${chain.id}`;
      if (placed.has(id)) continue;
      placed.add(id);
      chains.push({ ...chain, id, blocks: blocks.get(id)! });
    }
  }
  return {
    chains,
    untraced: pieces.reduce((sum, piece) => sum + piece.untraced, 0),
    errors: [...pieces].sort(byFile).flatMap((piece) => piece.errors.map((error) => `${piece.file}: ${error}`)),
    captureMs: pieces.reduce((sum, piece) => sum + piece.captureMs, 0),
  };
}

/**
 * What a recorder's cumulative `finish()` results add since the previous call: the recorder of a
 * worker keeps running from file to file, each file takes what was mined since the last one.
 */
export class RecordingDelta {
  readonly #emittedBlocks = new WeakMap<RecordedChain, number>();
  readonly #emittedErrors = new Map<string, number>();
  #untraced = 0;
  #captureMs = 0;

  next(result: RecordingResult): Pick<RecordingResult, "chains" | "untraced" | "errors" | "captureMs"> {
    const chains: RecordedChain[] = [];
    for (const chain of result.chains) {
      const emitted = this.#emittedBlocks.get(chain) ?? 0;
      this.#emittedBlocks.set(chain, chain.blocks.length);
      if (chain.blocks.length > emitted) chains.push({ ...chain, blocks: chain.blocks.slice(emitted) });
    }
    const seen = new Map<string, number>();
    const errors = result.errors.filter((error) => {
      const n = (seen.get(error) ?? 0) + 1;
      seen.set(error, n);
      return n > (this.#emittedErrors.get(error) ?? 0);
    });
    for (const [error, n] of seen) this.#emittedErrors.set(error, n);
    const delta = {
      chains,
      untraced: result.untraced - this.#untraced,
      errors,
      captureMs: result.captureMs - this.#captureMs,
    };
    this.#untraced = result.untraced;
    this.#captureMs = result.captureMs;
    return delta;
  }
}
