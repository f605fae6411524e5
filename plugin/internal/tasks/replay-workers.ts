import { availableParallelism } from "node:os";

import { ParallelError } from "../parallel-error.ts";

/**
 * How many workers replay the captured blocks, or undefined when they are not replayed:
 * `--workers N` (N > 0) replays on N; `--execute` on `parallel.workers`, else one per CPU.
 * `--workers 0` means "not given".
 */
export function replayWorkers(
  args: { execute: boolean; workers: number },
  configured: number | undefined,
): number | undefined {
  if (!Number.isInteger(args.workers) || args.workers < 0) {
    throw new ParallelError(`--workers must be a positive integer (got ${args.workers})`);
  }
  if (args.workers > 0) return args.workers;
  return args.execute ? (configured ?? availableParallelism()) : undefined;
}
