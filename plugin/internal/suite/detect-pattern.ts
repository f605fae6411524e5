import type { FunctionKeyWrites } from "./function-key-writes.ts";
import type { CallRecord, PatternKind, TouchedKey } from "./types.ts";

export interface DetectedPattern {
  kind: PatternKind;
  /** Why, in one sentence fragment, from the data. */
  evidence: string;
}

/**
 * Recognises what a shared key is, from the values the calls of one function wrote to it. Tried in
 * this order; each rule must hold in every call of the function that wrote the key:
 *
 * 0. balance — the key is the contract's own ETH balance, and these calls read it (a balance only
 *    credited by value is no read and no hotspot: sharedKeyFindings leaves it out); so the code reads
 *    address(this).balance (or sends ETH out) in the hot path.
 * 1. reserves — the key is a packed slot of two or more variables, or the call writes another
 *    key of the same contract that these calls share too; and the call changes entries keyed by
 *    the contract's address in two or more other contracts (its balances of two tokens): a pool.
 * 2. accumulator — the call copies the key's new value into a key indexed by the caller (a
 *    per-user checkpoint: userRewardPerTokenPaid[user] = rewardPerTokenStored), or sets the key to
 *    the block's timestamp (its last-update time).
 * 3. counter — the key changes by the same non-zero amount in every call (depositCount += 1), and
 *    that amount is not the call's own (rule 4 would hold).
 * 4. total — the key changes by an amount of the call (a word of its inputs or logs), or by the same
 *    signed amount as a key indexed by the caller (totalDeposits += amount with deposits[user] += amount).
 * 5. accumulator — another key of the contract written in the call is set to the block's timestamp
 *    (an index updated together with its last-update time).
 *
 * Null when no rule holds: no pattern, no suggestion.
 */
export function detectPattern(
  writes: FunctionKeyWrites,
  sharedKeysOfFunction: ReadonlySet<string>,
): DetectedPattern | null {
  const { key, calls } = writes;
  const all = (test: (call: CallRecord, written: TouchedKey) => boolean) =>
    calls.every((call) => {
      const written = call.writes.find((w) => w.key === key.key);
      return written !== undefined && test(call, written);
    });
  const who = `${calls.length} calls of ${writes.function} from ${writes.senders.size} senders`;
  const label = `\`${key.name.slice(key.contract.length + 1)}\``;

  if (key.key.endsWith(":balance")) {
    return {
      kind: "balance",
      evidence: `the contract's ETH balance is read (address(this).balance) and changed by ${who}`,
    };
  }
  if (all((call) => isPoolUpdate(call, key, sharedKeysOfFunction))) {
    const tokens = new Set(calls.flatMap((call) => tokenContracts(call, key.address)));
    return {
      kind: "reserves",
      evidence:
        `${label} is written by every one of ${who}, ` +
        `each moving the contract's own balances in ${[...tokens].sort().join(" and ")}`,
    };
  }
  if (all((call, written) => written.after !== "0x0" && checkpointOf(call, written) !== undefined)) {
    const checkpoint = checkpointOf(
      calls[0],
      calls[0].writes.find((w) => w.key === key.key)!,
    )!;
    return {
      kind: "accumulator",
      evidence:
        `${label} is copied into the caller's checkpoint ` +
        `\`${checkpoint.name.slice(checkpoint.contract.length + 1)}\` in each of ${who}`,
    };
  }
  if (all((call, written) => written.after !== undefined && BigInt(written.after) === BigInt(call.timestamp))) {
    return {
      kind: "accumulator",
      evidence: `${label} is set to the block timestamp (a last-update time) in each of ${who}`,
    };
  }
  const deltas = calls.map((call) => delta(call.writes.find((w) => w.key === key.key)!));
  const constant = deltas.every((d) => d !== 0n && d === deltas[0]);
  if (constant && !all((call, written) => isAmountOfCall(call, written))) {
    return { kind: "counter", evidence: `${label} changes by ${signed(deltas[0])} in each of ${who}` };
  }
  if (all((call, written) => isAmountOfCall(call, written))) {
    return { kind: "total", evidence: `${label} changes by the call's own amount in each of ${who}` };
  }
  if (all((call, written) => setsTimestamp(call, written))) {
    return {
      kind: "accumulator",
      evidence: `${label} is updated together with a last-update time (the block timestamp) in each of ${who}`,
    };
  }
  return null;
}

function delta(written: TouchedKey): bigint {
  return BigInt(written.after ?? written.before) - BigInt(written.before);
}

function signed(value: bigint): string {
  return value > 0n ? `+${value}` : String(value);
}

function indexedBy(written: TouchedKey, address: string): boolean {
  return written.indexes.some((index) => index.toLowerCase() === address);
}

/** Other contracts whose entries keyed by `address` the call changes. */
function tokenContracts(call: CallRecord, address: string): string[] {
  const contracts = new Set<string>();
  for (const written of call.writes) {
    if (written.address !== address && indexedBy(written, address)) contracts.add(written.address);
  }
  return [...contracts].map((token) => call.writes.find((w) => w.address === token)!.contract);
}

function isPoolUpdate(call: CallRecord, key: TouchedKey, sharedKeys: ReadonlySet<string>): boolean {
  const together =
    key.variable.includes("+") ||
    call.writes.some((w) => w.key !== key.key && w.address === key.address && sharedKeys.has(w.key));
  const tokens = new Set(
    call.writes.filter((w) => w.address !== key.address && indexedBy(w, key.address)).map((w) => w.address),
  );
  return together && tokens.size >= 2;
}

function checkpointOf(call: CallRecord, written: TouchedKey): TouchedKey | undefined {
  return call.writes.find((w) => w.key !== written.key && w.after === written.after && indexedBy(w, call.sender));
}

function isAmountOfCall(call: CallRecord, written: TouchedKey): boolean {
  const change = delta(written);
  if (change === 0n) return false;
  const size = change < 0n ? -change : change;
  if (call.words.some((word) => BigInt(word) === size)) return true;
  return call.writes.some((w) => w.key !== written.key && indexedBy(w, call.sender) && delta(w) === change);
}

function setsTimestamp(call: CallRecord, written: TouchedKey): boolean {
  const now = BigInt(call.timestamp);
  return call.writes.some((w) => w.address === written.address && w.after !== undefined && BigInt(w.after) === now);
}
