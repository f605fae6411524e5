import type { BlockAccessList, IndexedValue } from "./types.ts";

/**
 * The `eth_getBlockAccessList` result (ethereum/execution-apis src/schemas/block-access-list.yaml,
 * `BlockAccessList` = array of `AccountAccess`): `index` uint32 and balances (uint256) and nonces
 * (uint64) as hex quantities ("0x0"); storage keys, storage values and read keys as hash32
 * (0x + 64 hex); code as bytes. Every list is written, empty ones as [].
 */
export interface BalJsonAccount {
  address: string;
  storageChanges: Array<{ key: string; changes: Array<{ index: string; value: string }> }>;
  storageReads: string[];
  balanceChanges: Array<{ index: string; value: string }>;
  nonceChanges: Array<{ index: string; value: string }>;
  codeChanges: Array<{ index: string; code: string }>;
}

export type BalJson = BalJsonAccount[];

export function balToJson(bal: BlockAccessList): BalJson {
  return bal.map((account) => ({
    address: account.address,
    storageChanges: account.storageChanges.map((slot) => ({
      key: hash32(slot.slot),
      changes: slot.changes.map((change) => ({ index: quantity(change.index), value: hash32(change.value) })),
    })),
    storageReads: account.storageReads.map(hash32),
    balanceChanges: account.balanceChanges.map(quantities),
    nonceChanges: account.nonceChanges.map(quantities),
    codeChanges: account.codeChanges.map((change) => ({ index: quantity(change.index), code: change.code })),
  }));
}

const quantity = (n: number | string | bigint): string => "0x" + BigInt(n).toString(16);

const hash32 = (value: string): string => "0x" + BigInt(value).toString(16).padStart(64, "0");

const quantities = (change: IndexedValue) => ({ index: quantity(change.index), value: quantity(change.value) });
