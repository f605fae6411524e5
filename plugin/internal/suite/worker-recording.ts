import type { RecordedChain } from "./connection-recording.ts";
import type { RecordingResult } from "./test-suite-recorder.ts";

/** Set by the parent for mocha's workers: the folder they write their recordings to. */
export const RECORDING_DIR_VARIABLE = "HH_PARALLEL_RECORDING_DIR";

/**
 * What one mocha worker process recorded of one test file (mocha's parallel mode), in two pieces:
 * while the file loaded (written by the root `beforeAll`) and while its tests ran (root `afterAll`).
 * A worker runs several files one after the other in one process (one HRE): a connection may
 * outlive a file, so a chain may come in pieces; connection ids restart in every process.
 */
export interface WorkerFileRecording {
  file: string;
  /** "load": from the end of the worker's previous file to the file's first hook; "run": its tests. */
  phase: "load" | "run";
  /** Unique per worker process (its pid and a random part). */
  worker: string;
  /** 0, 1, … in the worker: the order of its pieces. */
  sequence: number;
  /** Ids of the chains the worker's recorder first saw in this piece, in its order. */
  firstSeen: string[];
  /** New blocks only (a chain already seen in an earlier piece continues). */
  chains: RecordedChain[];
  untraced: number;
  errors: string[];
  captureMs: number;
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One RecordingResult from every worker's pieces, as a serial run records it: a serial run loads
 * every test file before it runs any, so the chains first seen while a file loaded come first (file
 * after file: `fileOrder`, then by path for files not in it), then those first seen while its tests
 * ran (file after file); a chain's pieces are joined in the order they were mined. Chain ids become
 * "<worker>/<id>": ids of different processes never meet. Chains without blocks are left out.
 */
export function mergeWorkerRecordings(
  pieces: readonly WorkerFileRecording[],
  fileOrder: readonly string[] = [],
): RecordingResult {
  const rank = new Map(fileOrder.map((file, i) => [file, i]));
  const inSerialOrder = (a: WorkerFileRecording, b: WorkerFileRecording) =>
    (a.phase === b.phase ? 0 : a.phase === "load" ? -1 : 1) ||
    (rank.get(a.file) ?? Infinity) - (rank.get(b.file) ?? Infinity) ||
    compareStrings(a.file, b.file) ||
    compareStrings(a.worker, b.worker) ||
    a.sequence - b.sequence;
  const inMinedOrder = [...pieces].sort((a, b) => compareStrings(a.worker, b.worker) || a.sequence - b.sequence);
  // Each chain's blocks, in the order they were mined (its worker's sequence).
  const chains = new Map<string, RecordedChain>();
  for (const piece of inMinedOrder) {
    for (const chain of piece.chains) {
      const id = `${piece.worker}/${chain.id}`;
      const known = chains.get(id);
      if (known === undefined) chains.set(id, { ...chain, id, blocks: [...chain.blocks] });
      else known.blocks.push(...chain.blocks);
    }
  }
  const ordered: RecordedChain[] = [];
  const place = (id: string) => {
    const chain = chains.get(id);
    if (chain === undefined) return;
    chains.delete(id);
    ordered.push(chain);
  };
  const serial = [...pieces].sort(inSerialOrder);
  for (const piece of serial) for (const id of piece.firstSeen) place(`${piece.worker}/${id}`);
  for (const piece of serial) for (const chain of piece.chains) place(`${piece.worker}/${chain.id}`);
  return {
    chains: ordered,
    untraced: pieces.reduce((sum, piece) => sum + piece.untraced, 0),
    errors: serial.flatMap((piece) => piece.errors.map((error) => `${piece.file}: ${error}`)),
    captureMs: pieces.reduce((sum, piece) => sum + piece.captureMs, 0),
  };
}

/**
 * What a recorder's cumulative `finish()` results add since the previous call: the recorder of a
 * worker keeps running from file to file, each piece takes what was mined since the last one.
 */
export class RecordingDelta {
  readonly #emittedBlocks = new WeakMap<RecordedChain, number>();
  readonly #emittedErrors = new Map<string, number>();
  #untraced = 0;
  #captureMs = 0;

  next(
    result: RecordingResult,
  ): Pick<WorkerFileRecording, "firstSeen" | "chains" | "untraced" | "errors" | "captureMs"> {
    const chains: RecordedChain[] = [];
    const firstSeen: string[] = [];
    for (const chain of result.chains) {
      const emitted = this.#emittedBlocks.get(chain);
      if (emitted === undefined) firstSeen.push(chain.id);
      this.#emittedBlocks.set(chain, chain.blocks.length);
      if (chain.blocks.length > (emitted ?? 0)) chains.push({ ...chain, blocks: chain.blocks.slice(emitted ?? 0) });
    }
    const seen = new Map<string, number>();
    const errors = result.errors.filter((error) => {
      const n = (seen.get(error) ?? 0) + 1;
      seen.set(error, n);
      return n > (this.#emittedErrors.get(error) ?? 0);
    });
    for (const [error, n] of seen) this.#emittedErrors.set(error, n);
    const delta = {
      firstSeen,
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
