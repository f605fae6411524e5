import type { BlockJob } from "../execute/index.ts";
import type { EngineBlock, HeadState, PendingBlock } from "../produce/index.ts";
import type { Eip1193Provider } from "../rpc/index.ts";
import type { StateKey } from "../capture/types.ts";

import { PreState, balanceOf, codeOf, fetchState, nonceOf } from "../evm/index.ts";

/**
 * The executor's job for a pending block, before EDR mines it: its context and signed
 * transactions, and as pre-state the head state's values of every key the engine's run of the
 * block read or wrote, and the accounts of its senders, recipients and beneficiary (the head state
 * is still the block's pre-state then). A key the executor needs beyond those is fetched from the
 * network at the parent block.
 */
export async function blockJobFromHead(
  pending: PendingBlock,
  run: EngineBlock,
  head: HeadState,
  provider: Eip1193Provider,
): Promise<BlockJob> {
  const keys = new Set<StateKey>();
  const account = (address: string) => [balanceOf(address), nonceOf(address), codeOf(address)];
  for (const key of account(pending.env.beneficiary.toLowerCase())) keys.add(key);
  for (const tx of pending.txs) {
    for (const address of tx.to === null ? [tx.from] : [tx.from, tx.to]) {
      for (const key of account(address)) keys.add(key);
    }
  }
  for (const tx of run.txs) {
    for (const key of Object.keys(tx.access.reads)) keys.add(key);
    for (const key of Object.keys(tx.access.writes)) keys.add(key);
  }
  // Keys the engine's normalised sets leave out (the beneficiary's nonce and code): one fetch, kept.
  await head.fetch(keys);
  const pre = new PreState();
  for (const key of keys) {
    const value = head.get(key);
    if (value !== undefined) pre.set(key, value);
  }
  const parent = pending.env.number - 1;
  return {
    env: pending.env,
    txs: pending.txs.map((tx) => tx.raw),
    pre,
    codes: head.codes,
    fetchMissing: (keys) => fetchState(provider, parent, keys),
  };
}
