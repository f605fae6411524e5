import type { CapturedBlock, StateKey } from "../capture/types.ts";

/**
 * The block's pre-state as far as the capture shows it: for each key, the value read by the first
 * transaction that touches it (if that transaction read it; a key first only written, like the
 * beneficiary's balance, is unknown and must be fetched). Values in capture hex form.
 */
export function prestateFromCapture(block: CapturedBlock): Map<StateKey, string> {
  const pre = new Map<StateKey, string>();
  const touched = new Set<StateKey>();
  for (const tx of block.transactions) {
    for (const [key, value] of Object.entries(tx.reads)) {
      if (!touched.has(key)) pre.set(key, value);
    }
    for (const key of Object.keys(tx.reads)) touched.add(key);
    for (const key of Object.keys(tx.writes)) touched.add(key);
  }
  return pre;
}

/** What the capture says each touched key holds after the block: its last write, else its pre value. */
export function expectedPostState(block: CapturedBlock, pre: ReadonlyMap<StateKey, string>): Map<StateKey, string> {
  const post = new Map<StateKey, string>();
  for (const tx of block.transactions) {
    for (const key of Object.keys(tx.reads)) if (!post.has(key) && pre.has(key)) post.set(key, pre.get(key)!);
    for (const [key, value] of Object.entries(tx.writes)) post.set(key, value);
  }
  return post;
}
