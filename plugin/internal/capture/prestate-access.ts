import type { AccessSets, StateKey } from "./types.ts";

import { balanceKey, codeKey, nonceKey, slotKey, toValueHex } from "./state-key.ts";

/** One account as EDR's prestateTracer prints it (missing nonce = 0, missing code = empty). */
export interface PrestateAccount {
  balance?: string;
  nonce?: number;
  code?: string;
  storage?: Record<string, string>;
}
export type Prestate = Record<string, PrestateAccount>;
export interface PrestateDiff {
  pre: Prestate;
  post: Prestate;
}

/**
 * Turns a transaction's two prestateTracer results into its read and write sets.
 *
 * - Reads: every account in the non-diff prestate (its balance, nonce and code: the trace does not
 *   say which of them was looked at, so all three count) and every storage slot listed there
 *   (slots read or written; an SSTORE reads the slot it writes).
 * - Writes: the diff's changed fields. In diff mode `pre` lists only changed slots, so a slot in
 *   `pre` missing from `post` was set to zero; a missing balance/nonce/code in `post` is unchanged.
 *   A value equal to its pre value is not a write (it stays a read).
 * - The beneficiary is dropped from the reads unless `beneficiaryReadExplicitly` (EDR lists it in
 *   every trace because of the fee credit); its balance change stays in the writes, so only a
 *   transaction that reads the beneficiary's balance explicitly depends on earlier fee credits.
 * - Balances only credited: the balance of each address in `creditOnly` (contracts whose balance
 *   the transaction changed without observing it: see creditOnlyCandidates and
 *   explicitBalanceReads) is dropped from the reads and stays a write, like the beneficiary's.
 */
export function accessSetsFromPrestate(
  prestate: Prestate,
  diff: PrestateDiff,
  beneficiary: string,
  beneficiaryReadExplicitly: boolean,
  creditOnly: ReadonlySet<string> = new Set(),
): AccessSets {
  const reads: Record<StateKey, string> = {};
  for (const [address, account] of Object.entries(prestate)) {
    reads[balanceKey(address)] = toValueHex(account.balance);
    reads[nonceKey(address)] = toValueHex(account.nonce);
    reads[codeKey(address)] = normaliseCode(account.code);
    for (const [slot, value] of Object.entries(account.storage ?? {})) {
      reads[slotKey(address, slot)] = toValueHex(value);
    }
  }
  if (!beneficiaryReadExplicitly) {
    for (const key of [balanceKey(beneficiary), nonceKey(beneficiary), codeKey(beneficiary)]) delete reads[key];
  }
  const credited = new Set([...creditOnly].map((address) => balanceKey(address)));

  const writes: Record<StateKey, string> = {};
  const write = (key: StateKey, before: string | undefined, after: string) => {
    if (before !== after) writes[key] = after;
  };
  const accounts = new Set([...Object.keys(diff.pre), ...Object.keys(diff.post)]);
  for (const address of accounts) {
    const pre = diff.pre[address] ?? {};
    const post = diff.post[address] ?? {};
    const existedBefore = address in diff.pre;
    const preBalance = existedBefore ? toValueHex(pre.balance) : (reads[balanceKey(address)] ?? "0x0");
    if (post.balance !== undefined) write(balanceKey(address), preBalance, toValueHex(post.balance));
    if (post.nonce !== undefined) write(nonceKey(address), toValueHex(pre.nonce), toValueHex(post.nonce));
    if (post.code !== undefined) write(codeKey(address), normaliseCode(pre.code), normaliseCode(post.code));
    const slots = new Set([...Object.keys(pre.storage ?? {}), ...Object.keys(post.storage ?? {})]);
    for (const slot of slots) {
      const before = toValueHex(pre.storage?.[slot]);
      const after = toValueHex(post.storage?.[slot]);
      write(slotKey(address, slot), before, after);
    }
  }
  // Every written key was read first (its pre value is known to the trace): keep the sets consistent.
  for (const key of Object.keys(writes)) {
    if (!(key in reads) && key !== balanceKey(beneficiary) && !credited.has(key)) reads[key] = preValueOf(key, diff);
  }
  for (const key of credited) delete reads[key];
  return { reads, writes };
}

/**
 * Addresses whose balance may have been only credited: contracts (code in the prestate) other than
 * the beneficiary and the sender whose balance the transaction changed. Those the struct logger does
 * not show observing their balance (explicitBalanceReads) are `creditOnly`.
 */
export function creditOnlyCandidates(
  prestate: Prestate,
  writes: Record<StateKey, string>,
  beneficiary: string,
  sender: string,
): Set<string> {
  const candidates = new Set<string>();
  for (const [address, account] of Object.entries(prestate)) {
    const lower = address.toLowerCase();
    if (lower === beneficiary || lower === sender || normaliseCode(account.code) === "0x") continue;
    if (balanceKey(lower) in writes) candidates.add(lower);
  }
  return candidates;
}

function normaliseCode(code: string | undefined): string {
  return code === undefined || code === "" ? "0x" : code.toLowerCase();
}

function preValueOf(key: StateKey, diff: PrestateDiff): string {
  const [address, kind, slot] = key.split(":");
  const pre = diff.pre[address] ?? {};
  if (kind === "balance") return toValueHex(pre.balance);
  if (kind === "nonce") return toValueHex(pre.nonce);
  if (kind === "code") return normaliseCode(pre.code);
  const match = Object.entries(pre.storage ?? {}).find(([s]) => BigInt(s) === BigInt(slot));
  return toValueHex(match?.[1]);
}
