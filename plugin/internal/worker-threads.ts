/**
 * What every worker thread of the plugin is started with: its entry file beside the starting
 * module, and the room its young generation gets.
 */

/** The entry `name` beside `base` (an `import.meta.url`): `.ts` when run from source, `.js` when built. */
export function workerEntry(name: string, base: string): URL {
  return new URL(`./${name}${base.endsWith(".ts") ? ".ts" : ".js"}`, base);
}

/**
 * Resource limits of the plugin's long-lived threads (the miner, the session, the executor's
 * workers). They allocate per transaction (EVM frames, captures, decoded transactions): with
 * V8's default young generation they spent a fifth of their time collecting, with 192 MB much less
 * (measured with `npm run bench:node`; the README's Node benchmark says by how much).
 */
export const THREAD_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 192 } as const;
