import type { BalSummary, BlockAccessList } from "./types.ts";

import { encodeBal, hashOf } from "./bal-rlp.ts";

/**
 * Size figures of a list: RLP bytes, accounts, slots and the hash. `slots` counts storage keys as
 * the EIP's size constraint does: every slot with changes plus every read-only slot (storage reads),
 * over all accounts; a slot is never in both lists of one account.
 */
export function balSummary(bal: BlockAccessList): BalSummary {
  const encoded = encodeBal(bal);
  let slots = 0;
  for (const account of bal) slots += account.storageChanges.length + account.storageReads.length;
  return { bytes: encoded.length, accounts: bal.length, slots, hash: hashOf(encoded) };
}
