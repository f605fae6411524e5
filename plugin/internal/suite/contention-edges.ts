import type { CallRecord, TouchedKey } from "./types.ts";

/** Call `to` reads keys last written by call `from` (positions in the list given). */
export interface ContentionEdge {
  from: number;
  to: number;
  keys: TouchedKey[];
}

/**
 * Dependencies among `calls` (in capture order, taken as one virtual block) that are contention:
 * a call depends on the nearest earlier call that wrote a key it reads (as Block-STM sees a block),
 * through keys accepted by `accept`, and the pair counts when
 * - the two calls have different senders, or
 * - they have one sender but the key is in `sharedKeys` (written by two or more distinct senders in
 *   the suite) and is not indexed by that sender's address: a test suite has few signers, so two calls
 *   of one signer stand for calls of two users, who would collide on such a key but not on their own
 *   balance or position.
 */
export function contentionEdges(
  calls: readonly CallRecord[],
  accept: (key: TouchedKey) => boolean,
  sharedKeys: ReadonlySet<string>,
): ContentionEdge[] {
  const lastWriter = new Map<string, number>();
  const edges: ContentionEdge[] = [];
  calls.forEach((call, to) => {
    const byWriter = new Map<number, TouchedKey[]>();
    for (const read of call.reads) {
      if (!accept(read)) continue;
      const from = lastWriter.get(read.key);
      if (from === undefined || !isContention(calls[from], call, read, sharedKeys)) continue;
      byWriter.set(from, [...(byWriter.get(from) ?? []), read]);
    }
    for (const from of [...byWriter.keys()].sort((a, b) => a - b)) edges.push({ from, to, keys: byWriter.get(from)! });
    for (const written of call.writes) if (accept(written)) lastWriter.set(written.key, to);
  });
  return edges;
}

function isContention(
  writer: CallRecord,
  reader: CallRecord,
  key: TouchedKey,
  sharedKeys: ReadonlySet<string>,
): boolean {
  if (writer.sender !== reader.sender) return true;
  return sharedKeys.has(key.key) && !key.indexes.some((index) => index.toLowerCase() === reader.sender);
}
