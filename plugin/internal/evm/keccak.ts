import type { IHasher } from "hash-wasm";

import { keccak_256 } from "@noble/hashes/sha3.js";
import { createKeccak } from "hash-wasm";

let hasher: IHasher | undefined;

/**
 * keccak256 compiled to WebAssembly (hash-wasm): ~0.8–1 µs for a 64-byte input against ~6 µs for
 * @noble/hashes, and the EVM hashes several times per transaction (mapping slots, the signing hash,
 * the sender's address): ~8% of an ERC20 transfer. Each thread loads its own once (`loadKeccak`);
 * until then, or if WebAssembly is unavailable, @noble/hashes computes the same hash.
 */
export async function loadKeccak(): Promise<void> {
  if (hasher !== undefined) return;
  try {
    hasher = await createKeccak(256);
  } catch {
    // keep @noble/hashes
  }
}

export function keccak256(data: Uint8Array): Uint8Array {
  const wasm = hasher;
  if (wasm === undefined) return keccak_256(data);
  wasm.init();
  wasm.update(data);
  return wasm.digest("binary");
}
