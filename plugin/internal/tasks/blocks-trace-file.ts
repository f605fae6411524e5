import type { CapturedBlock } from "../capture/types.ts";

import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

import { ParallelError } from "../parallel-error.ts";

/** The first line of a trace file: what the blocks after it belong to. */
interface TraceFileHeader {
  hardhatParallelBlocks: 1;
  network: string;
  chainId: number;
}

/**
 * `--blocks … --out <file>`: every block traced goes at once into `<file>.blocks.jsonl` (a header line,
 * then one CapturedBlock per line, in the order they were traced), so that a run stopped half-way
 * loses nothing it fetched, and `--resume` continues it. The file is removed when the run completes.
 */
export class BlocksTraceFile {
  readonly path: string;
  readonly #header: TraceFileHeader;

  constructor(out: string, network: string, chainId: number) {
    this.path = `${out}.blocks.jsonl`;
    this.#header = { hardhatParallelBlocks: 1, network, chainId };
  }

  /**
   * `--resume`: the blocks an earlier run of the same network traced, by number (none when there is no
   * file). A last line cut off by the interruption is dropped; a file of another network or chain, or
   * one that is not a trace file, is one ParallelError line.
   */
  resume(): Map<number, CapturedBlock> {
    const blocks = new Map<number, CapturedBlock>();
    if (!existsSync(this.path)) return blocks;
    const lines = readFileSync(this.path, "utf8").split("\n");
    const header = parseLine(lines[0]) as Partial<TraceFileHeader> | undefined;
    if (header?.hardhatParallelBlocks !== 1) {
      throw new ParallelError(`--resume: ${this.path} is not a trace file of parallel-report --blocks`);
    }
    if (header.network !== this.#header.network || header.chainId !== this.#header.chainId) {
      throw new ParallelError(
        `--resume: ${this.path} holds blocks of ${header.network} (chain ${header.chainId}), ` +
          `not of ${this.#header.network} (chain ${this.#header.chainId})`,
      );
    }
    for (const [i, line] of lines.slice(1).entries()) {
      if (line.trim() === "") continue;
      const block = parseLine(line) as CapturedBlock | undefined;
      if (block === undefined || typeof block.number !== "number" || !Array.isArray(block.transactions)) {
        if (i === lines.length - 2) break; // the last line, cut off when the run was stopped
        throw new ParallelError(`--resume: ${this.path}, line ${i + 2}, is not a traced block`);
      }
      blocks.set(block.number, block);
    }
    return blocks;
  }

  /** Starts the file (keeping what `resume()` read: it is written again, then the new blocks after it). */
  start(kept: Iterable<CapturedBlock>): void {
    const lines = [JSON.stringify(this.#header), ...[...kept].map((block) => JSON.stringify(block))];
    writeFileSync(this.path, lines.join("\n") + "\n");
  }

  /** One traced block (synchronous: it is on disk before the next block is asked for). */
  add(block: CapturedBlock): void {
    appendFileSync(this.path, JSON.stringify(block) + "\n");
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}

function parseLine(line: string | undefined): unknown {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
