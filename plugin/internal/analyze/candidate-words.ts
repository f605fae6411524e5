import type { CapturedTransaction } from "../capture/types.ts";

/**
 * 32-byte words (64 lowercase hex, no 0x) that may be mapping keys used by a transaction: its sender
 * and recipient, every frame's from/to/storage address, the 32-byte words of every frame's input after
 * the selector, and every log's address, topics and 32-byte data words.
 */
export function transactionCandidateWords(tx: CapturedTransaction): string[] {
  const words = new Set<string>();
  const address = (value: string | null): void => {
    if (value !== null && value.length === 42) words.add("000000000000000000000000" + value.slice(2).toLowerCase());
  };
  const chunks = (hex: string, start: number): void => {
    for (let i = start; i + 64 <= hex.length; i += 64) words.add(hex.slice(i, i + 64).toLowerCase());
  };
  address(tx.from);
  address(tx.to);
  for (const frame of tx.calls) {
    address(frame.from);
    address(frame.to);
    address(frame.storageAddress);
    chunks(frame.input, 10);
  }
  for (const log of tx.logs) {
    address(log.address);
    for (const topic of log.topics) chunks(topic, 2);
    chunks(log.data, 2);
  }
  return [...words];
}
