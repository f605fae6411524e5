/**
 * EIP-7928 block-level access list, in memory. Field for field the RLP structure of the EIP
 * (`AccountChanges = [address, storage_changes, storage_reads, balance_changes, nonce_changes,
 * code_changes]`), with the capture's conventions for values:
 * - addresses lowercase 0x + 40 hex;
 * - storage keys 0x + 64 hex (as in the capture's slot keys; the same order as the uint256 keys);
 * - storage values, balances and nonces minimal hex ("0x0"); code full hex ("0x" when empty);
 * - `index` is the block access index: 0 pre-execution system calls, 1..n the block's
 *   transactions, n + 1 post-execution (withdrawals, EIP-7002/7251 dequeues).
 * Plain JSON-serialisable objects, sorted as the EIP orders them (see block-access-list.ts).
 */
import type { AccessSets } from "../capture/types.ts";

/** [block_access_index, value] of a StorageChange, BalanceChange or NonceChange. */
export interface IndexedValue {
  index: number;
  value: string;
}

/** [block_access_index, new_code] */
export interface CodeChange {
  index: number;
  code: string;
}

/** [slot, [changes]]: every change of one slot, by index. */
export interface SlotChanges {
  slot: string;
  changes: IndexedValue[];
}

export interface AccountChanges {
  address: string;
  storageChanges: SlotChanges[];
  /** Slots read and never changed in the block. */
  storageReads: string[];
  balanceChanges: IndexedValue[];
  nonceChanges: IndexedValue[];
  codeChanges: CodeChange[];
}

export type BlockAccessList = AccountChanges[];

/**
 * What ran outside the block's transactions, as access sets in the capture's conventions
 * (`reads`: keys accessed with their value before; `writes`: keys changed, value after).
 * `pre` goes to index 0 (EIP-4788 beacon root, EIP-2935 block hash), `post` to index n + 1
 * (EIP-4895 withdrawals, EIP-7002/7251 request dequeues). List SYSTEM_ADDRESS
 * (0xff…fe) only when its own state is accessed: the EIP leaves it out otherwise.
 */
export interface SystemAccess {
  pre?: AccessSets;
  post?: AccessSets;
}

/** balSummary: what the EIP's size constraint counts, plus the encoded size and hash. */
export interface BalSummary {
  /** Length of the RLP encoding. */
  bytes: number;
  /** Accounts in the list (each address once). */
  accounts: number;
  /**
   * Storage keys: changed slots plus read-only slots over all accounts (a key is never in both),
   * i.e. the EIP's `storage_keys` in `bal_items = storage_keys + addresses`.
   */
  slots: number;
  /** keccak256 of the RLP encoding, 0x + 64 hex. */
  hash: string;
}
