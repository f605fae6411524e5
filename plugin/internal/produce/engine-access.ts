import type { AccessSets, StateKey } from "../capture/types.ts";
import type { TxRun, StateValue } from "../evm/index.ts";

import {
  addressOfKey,
  balanceOf,
  codeOf,
  creditedBalance,
  isCreditKey,
  nonceOf,
  toCaptureValue,
} from "../evm/index.ts";

/** Values of the state before the transaction (fetching what is not known yet). */
export type StateBefore = (key: StateKey) => Promise<StateValue>;

/**
 * A transaction's read and write sets in the capture's form, from one engine run. The engine sees
 * exactly which keys the EVM asked for; the capture's sets follow the rules of trace capture
 * (capture/prestate-access.ts), so both captures give the same sets. The normalisations:
 *
 * - Field omission: a tracer lists touched *accounts*, and every listed account's balance, nonce
 *   and code count as read. So every account with any key read or written here gets all three
 *   read, with their values before the transaction (code as full hex, numbers as minimal hex).
 * - Unchanged writes: the engine's write set already leaves out keys whose final value equals the
 *   value first seen (TxStateView.finish), as trace capture does (a 1→0→1 lock is a read).
 * - The beneficiary: the fee credit is a delta, not a read (TxStateView keeps it apart). Unless
 *   the transaction read the beneficiary's account explicitly, none of its keys is a read; its
 *   balance after the transaction is a write when the fee or an explicit write changed it
 *   (`coinbaseBefore` is its balance before the transaction, earlier fees included).
 * - Balances only credited: a contract (code before the transaction) other than the beneficiary
 *   whose balance the transaction changed without observing it (no BALANCE on it, no SELFBALANCE
 *   in its context, no debit from it, not the sender: balance-read-hooks.ts) was only credited by
 *   value transfers, which commute: TxStateView keeps the credit as a `:credit` delta and never
 *   reads the balance, so it is not a read, only a write (its balance before, earlier credits
 *   included, plus the delta). Trace capture finds the same with the struct logger
 *   (capture/balance-opcodes.ts).
 * - Every written key is read too (an SSTORE reads its slot), with its value before; so is every
 *   key written and then restored. The engine reads nothing of an account it creates (its
 *   storage starts empty), a tracer lists the slots such an account touched, e.g. a contract
 *   created and self-destructed in one transaction.
 */
export async function engineAccessSets(
  run: TxRun,
  before: StateBefore,
  coinbase: string,
  coinbaseBefore: bigint,
  codeHex: (hash: string) => string,
): Promise<AccessSets> {
  const hex = (key: StateKey, value: StateValue) => toCaptureValue(value, key, codeHex);
  const coinbaseKey = balanceOf(coinbase);
  // The engine reads the beneficiary's code and nonce when it credits the fee; only a read of its
  // balance outside the fee credit is explicit (TxStateView.coinbaseExplicit).
  const explicit = run.reads.has(coinbaseKey);
  // Credits to a contract that never observed its balance (`:credit` deltas, TxStateView): its
  // balance after the transaction is a write, not a read.
  const creditOnly = new Set<StateKey>();
  const reads: Record<StateKey, string> = {};
  for (const [key, value] of run.reads) {
    if (explicit || addressOfKey(key) !== coinbase) reads[key] = hex(key, value);
  }
  const writes: Record<StateKey, string> = {};
  for (const [key, value] of run.writes) {
    if (!isCreditKey(key)) {
      writes[key] = hex(key, value);
      continue;
    }
    const balance = creditedBalance(key);
    creditOnly.add(balance);
    writes[balance] = hex(balance, ((await before(balance)) as bigint) + (value as bigint));
  }
  if (!(coinbaseKey in writes) && run.feeDelta !== 0n)
    writes[coinbaseKey] = hex(coinbaseKey, coinbaseBefore + run.feeDelta);

  const accounts = new Set<string>();
  for (const key of [...run.reads.keys(), ...run.writes.keys()]) accounts.add(addressOfKey(key));
  if (!explicit) accounts.delete(coinbase);
  for (const address of accounts) {
    for (const key of [balanceOf(address), nonceOf(address), codeOf(address)]) {
      if (!(key in reads) && !creditOnly.has(key)) reads[key] = hex(key, await before(key));
    }
  }
  for (const key of [...Object.keys(writes), ...(run.touched ?? [])]) {
    if (!(key in reads) && !creditOnly.has(key) && (explicit || addressOfKey(key) !== coinbase))
      reads[key] = hex(key, await before(key));
  }
  return { reads, writes };
}
