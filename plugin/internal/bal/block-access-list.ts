/**
 * EIP-7928 block-level access lists from captured blocks.
 *
 * Followed: EIP-7928 as of ethereum/EIPs commit 6c666b8d646df8ea6dcef9638de7b48e3c45ab96
 * (2026-07-09, status Review; "exclude the recipient when a runtime halt precedes …"), which includes
 * the 2025-11-27 change (6c6b1e724) that types StorageKey and StorageValue as uint256. JSON form:
 * ethereum/execution-apis src/schemas/block-access-list.yaml (f46158f, 2026-05-11).
 *
 * Rules as applied to a CapturedBlock (reads: keys accessed with the value before the tx; writes:
 * keys changed with the value after; see capture/types.ts):
 * - Block access index: 0 for pre-execution system calls (`system.pre`), 1..n for the
 *   transactions in block order, n + 1 for post-execution (`system.post`: withdrawals, EIP-7002/7251).
 *   EDR (Hardhat's network, osaka) runs no system call and has no withdrawals, so for its blocks
 *   nothing is at 0 or n + 1; a caller that has them passes them as `system`.
 * - Accounts: every address accessed, changed or not, each once with possibly empty lists — every
 *   address in a read or written key; each tx's sender and recipient (even for zero value); the
 *   deployment address of a creation tx (from sender and nonce, accessed even when it fails); the
 *   targets of CALL/CALLCODE/DELEGATECALL/STATICCALL frames (reverted ones and precompiles too) and
 *   SELFDESTRUCT beneficiaries; CREATE/CREATE2 targets only when their state was accessed (they are
 *   then in the access sets). The beneficiary (COINBASE) is included when the block has a tx (fee
 *   accounting accesses it) and not in an empty block. EIP-2930 access-list entries are not added.
 * - Storage changes: for each slot, one [index, value after] per index whose value differs from the
 *   value just before that index; the same slot changed by two txs has two entries.
 * - Storage reads: slots read (SLOAD, or an SSTORE that left the value as it was) and changed at no
 *   index of the block; a slot read by one tx and changed by another is only in the changes.
 * - Writes that restore a value: a write equal to the value just before its index (e.g. a slot set
 *   and reset in one tx, which the capture already keeps as a read only) is no change; for a slot it
 *   is a read, and it never removes changes at earlier indices.
 * - Balance, nonce, code: [index, value after] where the value after the tx differs from before
 *   (a balance that ends where it started is not recorded; the account stays included). The
 *   beneficiary gets its balance after each tx that paid it a fee. A reverted tx still changes its
 *   sender's nonce and balance and the beneficiary's balance; its slots read are storage reads.
 *   Creation: the new account's nonce (1) and runtime code at the tx's index.
 * - Order: accounts by address; slots and reads by key (uint256 order = 32-byte lexicographic);
 *   changes by index ascending; each index at most once per list.
 * - Not derivable from a capture: a tx halting before its recipient is loaded (EIP-7702
 *   authorisation gas), EIP-7702 delegation targets not in the access sets, and storage of accounts
 *   created and destroyed in one tx (those must be reads): the capture's access sets decide.
 */
import type { CapturedBlock, CapturedTransaction } from "../capture/types.ts";
import type { BlockAccessList, SystemAccess } from "./types.ts";

import { BalCollector } from "./bal-collector.ts";
import { createAddress } from "./create-address.ts";

/** Call types whose target is accessed whenever the frame exists. */
const ACCESSING_CALLS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL", "SELFDESTRUCT"]);

/**
 * The EIP-7928 access list of `block`. `system` adds what ran at index 0 (pre-execution system
 * calls) and at index n + 1 (post-execution) when the network executed any; EDR executes none.
 */
export function blockAccessList(block: CapturedBlock, system: SystemAccess = {}): BlockAccessList {
  const collector = new BalCollector();
  if (system.pre !== undefined) collector.record(0, system.pre);
  block.transactions.forEach((tx, position) => {
    for (const address of transactionAddresses(tx)) collector.touch(address);
    collector.touch(block.beneficiary);
    collector.record(position + 1, tx);
  });
  if (system.post !== undefined) collector.record(block.transactions.length + 1, system.post);
  return collector.build();
}

/** Addresses a transaction accesses beyond its access sets' keys. */
function transactionAddresses(tx: CapturedTransaction): string[] {
  const addresses = [tx.from, tx.to ?? createAddress(tx.from, tx.nonce)];
  for (const frame of tx.calls) if (ACCESSING_CALLS.has(frame.type)) addresses.push(frame.to);
  return addresses;
}
