import { keccak256 } from "../evm/keccak.ts";

/** keccak256 of the concatenated 32-byte words (each 64 lowercase hex digits, no 0x), as a bigint. */
export function keccakOfWords(...words: string[]): bigint {
  const digest = keccak256(Buffer.from(words.join(""), "hex"));
  return BigInt("0x" + Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength).toString("hex"));
}

/** A slot number as one 32-byte word: 64 hex digits, no 0x. */
export function slotWord(slot: bigint): string {
  return slot.toString(16).padStart(64, "0");
}
