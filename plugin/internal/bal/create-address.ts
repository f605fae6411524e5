import { encode, hexToBytes } from "@ethereumjs/rlp";

import { keccak256 } from "../evm/index.ts";

/** The address a creation transaction of `sender` with `nonce` deploys to: keccak256(rlp([sender, nonce]))[12:]. */
export function createAddress(sender: string, nonce: number): string {
  const hash = keccak256(encode([hexToBytes(sender), BigInt(nonce)]));
  return "0x" + Buffer.from(hash.subarray(12)).toString("hex");
}
