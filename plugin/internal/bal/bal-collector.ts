import type { AccessSets, StateKey } from "../capture/types.ts";
import type { AccountChanges, BlockAccessList, CodeChange, IndexedValue } from "./types.ts";

import { toValueHex } from "../capture/state-key.ts";

interface AccountDraft {
  /** slot → its changes, in the order recorded (ascending index). */
  slots: Map<string, IndexedValue[]>;
  /** Slots read (some may be changed too: those leave the reads in `build`). */
  reads: Set<string>;
  balance: IndexedValue[];
  nonce: IndexedValue[];
  code: CodeChange[];
}

/**
 * Gathers a block's accesses step by step (one block access index at a time, ascending) and
 * sorts them into the EIP-7928 list. See block-access-list.ts for the rules.
 */
export class BalCollector {
  private readonly accounts = new Map<string, AccountDraft>();

  /** Includes `address` (with empty change lists unless something else is recorded for it). */
  touch(address: string): AccountDraft {
    const lower = address.toLowerCase();
    let draft = this.accounts.get(lower);
    if (draft === undefined) {
      draft = { slots: new Map(), reads: new Set(), balance: [], nonce: [], code: [] };
      this.accounts.set(lower, draft);
    }
    return draft;
  }

  /** Records what one step (a transaction or a system-call phase) read and changed at `index`. */
  record(index: number, sets: AccessSets): void {
    for (const key of Object.keys(sets.reads)) {
      const { address, kind, slot } = parseKey(key);
      const draft = this.touch(address);
      if (kind === "slot") draft.reads.add(slot);
    }
    for (const [key, raw] of Object.entries(sets.writes)) {
      const { address, kind, slot } = parseKey(key);
      const draft = this.touch(address);
      const value = normalise(kind, raw);
      const before = sets.reads[key];
      // A write of the value already there (as of just before this index) is a read, not a change.
      if (before !== undefined && normalise(kind, before) === value) {
        if (kind === "slot") draft.reads.add(slot);
        continue;
      }
      if (kind === "slot") {
        const changes = draft.slots.get(slot) ?? [];
        changes.push({ index, value });
        draft.slots.set(slot, changes);
      } else if (kind === "code") draft.code.push({ index, code: value });
      else draft[kind].push({ index, value });
    }
  }

  /** The list: accounts by address; slots and reads by key; every change list by index. */
  build(): BlockAccessList {
    const list: AccountChanges[] = [];
    for (const address of [...this.accounts.keys()].sort()) {
      const draft = this.accounts.get(address)!;
      const slots = [...draft.slots.keys()].sort();
      list.push({
        address,
        storageChanges: slots.map((slot) => ({ slot, changes: byIndex(draft.slots.get(slot)!) })),
        storageReads: [...draft.reads].filter((slot) => !draft.slots.has(slot)).sort(),
        balanceChanges: byIndex(draft.balance),
        nonceChanges: byIndex(draft.nonce),
        codeChanges: byIndex(draft.code),
      });
    }
    return list;
  }
}

type Kind = "balance" | "nonce" | "code" | "slot";

function parseKey(key: StateKey): { address: string; kind: Kind; slot: string } {
  const [address, kind, slot] = key.split(":");
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new Error(`block access list: bad address in key ${key}`);
  if (kind === "slot") return { address, kind, slot: "0x" + BigInt(slot).toString(16).padStart(64, "0") };
  if (kind === "balance" || kind === "nonce" || kind === "code") return { address, kind, slot: "" };
  throw new Error(`block access list: unknown state key ${key}`);
}

function normalise(kind: Kind, value: string): string {
  if (kind !== "code") return toValueHex(value);
  return value === "" ? "0x" : value.toLowerCase();
}

function byIndex<T extends { index: number }>(changes: T[]): T[] {
  const sorted = [...changes].sort((a, b) => a.index - b.index);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].index === sorted[i - 1].index) {
      throw new Error(`block access list: two changes at index ${sorted[i].index}`);
    }
  }
  return sorted;
}
