/**
 * How the plugin starts its worker threads: the entry file beside the starting module, and the
 * room a long-lived thread's young generation gets.
 */

/** The entry `name` beside `base` (an `import.meta.url`): `.ts` when run from source, `.js` when built. */
export function workerEntry(name: string, base: string): URL {
  return new URL(`./${name}${base.endsWith(".ts") ? ".ts" : ".js"}`, base);
}

/**
 * Resource limits of parallel-node's miner and session threads. They allocate per transaction (EVM
 * frames, captures, decoded transactions, analyses): with V8's default young generation the miner
 * thread spent 11% of its time collecting, with 192 MB 7%, and its CPU time for one bench load fell
 * by a quarter (`npm run bench:node`; the README's Node benchmark has the figures). The executor's
 * workers keep V8's default (no gain measured there).
 */
export const THREAD_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 192 } as const;
