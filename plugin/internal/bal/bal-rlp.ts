import type { Input } from "@ethereumjs/rlp";
import type { BlockAccessList, IndexedValue } from "./types.ts";

import { encode, hexToBytes } from "@ethereumjs/rlp";

import { keccak256 } from "../evm/index.ts";

/**
 * RLP of the list, as EIP-7928 types it:
 * `[[address, [[slot, [[index, value], …]], …], [slot, …], [[index, balance], …], [[index, nonce], …],
 * [[index, code], …]], …]`. Address: the 20 bytes. Storage keys and values, balances, nonces and
 * indices: RLP integers, i.e. minimal big-endian bytes with no leading zeros (zero is the empty
 * string 0x80); storage keys and values are uint256 since the EIP's change of 2025-11-27, not
 * 32-byte strings. Code: its bytes.
 */
export function encodeBal(bal: BlockAccessList): Uint8Array {
  const accounts: Input[] = bal.map((account) => [
    hexToBytes(account.address),
    account.storageChanges.map((slot) => [BigInt(slot.slot), slot.changes.map(indexedInteger)]),
    account.storageReads.map((slot) => BigInt(slot)),
    account.balanceChanges.map(indexedInteger),
    account.nonceChanges.map(indexedInteger),
    account.codeChanges.map((change) => [BigInt(change.index), hexToBytes(change.code)]),
  ]);
  return encode(accounts);
}

/** keccak256 of the RLP (what the header's `block_access_list_hash` holds), 0x + 64 hex. */
export function balHash(bal: BlockAccessList): string {
  return hashOf(encodeBal(bal));
}

export function hashOf(encoded: Uint8Array): string {
  return "0x" + Buffer.from(keccak256(encoded)).toString("hex");
}

function indexedInteger(change: IndexedValue): Input {
  return [BigInt(change.index), BigInt(change.value)];
}
