import type { AccountFields, StateManagerInterface } from "@ethereumjs/common";
import type { Address } from "@ethereumjs/util";
import type { StateKey } from "../capture/types.ts";
import type { CodeStore } from "./code-store.ts";
import type { StateSource } from "./state-source.ts";
import type { StateValue } from "./state-values.ts";

import { Account, KECCAK256_RLP, bytesToBigInt, bytesToHex } from "@ethereumjs/util";

import {
  CREDIT_SUFFIX,
  EMPTY_CODE_HASH,
  MissingStateError,
  balanceOf,
  codeOf,
  isCreditKey,
  word32,
} from "./state-values.ts";

/** The fee-phase balance shown for the beneficiary when only the fee credit touches it. */
const FEE_SENTINEL = 1n << 200n;
/** The balance shown for a contract while it is only credited (see `lazy`). */
const CREDIT_SENTINEL = 1n << 201n;
const EMPTY = new Uint8Array(0);
const CLEAR = "#clear:";

/**
 * The ethereumjs state manager for one transaction at a time: a flat overlay (this transaction's
 * writes, with an undo journal for the EVM's checkpoints) over a StateSource, recording the read
 * set (first value seen of each key read from the source) and the write set.
 *
 * The block beneficiary: ethereumjs credits the fee after the EVM call returns (`settling`). If the
 * transaction did not touch the beneficiary's balance before that, the credit is recorded as a fee
 * delta (the balance shown is a sentinel), so fee credits never create dependencies.
 *
 * Value credits to a contract: a contract (code before the transaction) other than the beneficiary
 * whose balance the transaction has not observed (`balanceReads`: BALANCE, SELFBALANCE, a debit;
 * the sender, balance-read-hooks.ts) is shown with a sentinel balance plus the credits so far, and
 * what the EVM adds to it is kept as a delta under `<address>:credit` (a journaled write, so a
 * reverted frame drops its credit), never reading its balance. Once the transaction observes the
 * balance, it is read (base + credits so far); at the end a delta of an account never observed
 * stays a `:credit` write (a delta for the multi-version memory, RunningState and the capture),
 * and one observed is folded into its balance write.
 */
export class TxStateView implements StateManagerInterface {
  codes: CodeStore;
  private coinbase = "";
  private coinbaseBalanceKey = "";
  private source: StateSource | undefined;
  private reads = new Map<StateKey, StateValue>();
  private writes = new Map<StateKey, StateValue>();
  private journal: Array<StateKey | StateValue | undefined> = [];
  private checkpoints: number[] = [];
  private cleared = new Set<string>();
  /** Slots of cleared (fresh) accounts looked at: read as empty, never from the source. */
  private freshSlots = new Set<StateKey>();
  private newCodes = new Map<string, Uint8Array>();
  private coinbaseExplicit = false;
  private feeCredit = 0n;
  /**
   * Accounts whose balance the transaction observed explicitly (BALANCE, SELFBALANCE, a debit: see
   * balance-read-hooks.ts; the sender), for the capture's rule on balances only credited by value.
   */
  private balanceReads = new Set<string>();
  /** Set by the runner once the transaction's top-level EVM call has returned. */
  settling = false;

  readonly originalStorageCache = {
    get: async (address: Address, key: Uint8Array): Promise<Uint8Array> => {
      const addr = address.toString();
      const slot = addr + ":slot:" + bytesToHex(key);
      if (this.cleared.has(addr)) {
        this.freshSlots.add(slot);
        return EMPTY;
      }
      return toStorageBytes(this.base(slot) as bigint);
    },
    clear: (): void => {},
  };

  constructor(codes: CodeStore) {
    this.codes = codes;
  }

  /**
   * Capture only (the executor's runs abort on a missing key and run again): the state methods
   * the EVM awaits fetch a missing key with `fetch` and go on, so a run never starts over. Each
   * method reads before it writes anything that a retry would do differently, so retrying it from
   * the start after a fetch is exact.
   */
  fetchWith(fetch: (key: StateKey) => Promise<void>): void {
    const retrying = <A extends unknown[], R>(method: (...args: A) => Promise<R>) => {
      const bound = method.bind(this);
      return async (...args: A): Promise<R> => {
        for (;;) {
          try {
            return await bound(...args);
          } catch (error) {
            if (!(error instanceof MissingStateError)) throw error;
            await fetch(error.key);
          }
        }
      };
    };
    this.getAccount = retrying(this.getAccount);
    this.putAccount = retrying(this.putAccount);
    this.deleteAccount = retrying(this.deleteAccount);
    this.getCode = retrying(this.getCode);
    this.getCodeSize = retrying(this.getCodeSize);
    this.getStorage = retrying(this.getStorage);
    this.putStorage = retrying(this.putStorage);
    this.originalStorageCache.get = retrying(this.originalStorageCache.get);
  }

  /** Starts a transaction whose pre-transaction state is `source`. */
  begin(source: StateSource, coinbase: string): void {
    this.source = source;
    this.coinbase = coinbase;
    this.coinbaseBalanceKey = balanceOf(coinbase);
    this.reads = new Map();
    this.writes = new Map();
    this.journal = [];
    this.checkpoints = [];
    this.cleared = new Set();
    this.freshSlots = new Set();
    this.newCodes = new Map();
    this.coinbaseExplicit = false;
    this.feeCredit = 0n;
    this.balanceReads = new Set();
    this.settling = false;
  }

  /** An instruction observes `address`'s balance (balance-read-hooks.ts). */
  markBalanceRead(address: string): void {
    this.balanceReads.add(address);
  }

  /**
   * Ends the transaction: its read set, its write set without writes that end at the value first
   * read, its fee delta for the beneficiary and the code it deployed.
   */
  finish(): {
    reads: Map<StateKey, StateValue>;
    writes: Map<StateKey, StateValue>;
    feeDelta: bigint;
    newCode: Array<[string, Uint8Array]>;
    /**
     * Every key written at some point, also those that end unchanged, and every slot of a fresh
     * account looked at (neither is read from the source).
     */
    touched: () => StateKey[];
  } {
    // Credits to an account whose balance was then observed: folded into its balance write.
    const folded = new Map<StateKey, bigint>();
    for (const [key, value] of this.writes) {
      if (!isCreditKey(key) || value === 0n) continue;
      const addr = key.slice(0, 42);
      if (this.balanceReads.has(addr)) folded.set(balanceOf(addr), this.balanceNow(addr));
    }
    const writes = new Map<StateKey, StateValue>();
    for (const [key, value] of folded) {
      if (this.base(key) !== value) writes.set(key, value);
    }
    for (const [key, value] of this.writes) {
      if (isCreditKey(key)) {
        if (value !== 0n && !this.balanceReads.has(key.slice(0, 42))) writes.set(key, value);
        continue;
      }
      if (folded.has(key)) continue;
      const addr = key.slice(0, 42);
      const before = this.reads.has(key)
        ? this.reads.get(key)
        : this.cleared.has(addr) && key.charCodeAt(43) === 115 /* "s"lot */
          ? 0n
          : this.base(key);
      if (before !== value) writes.set(key, value);
    }
    const newCode: Array<[string, Uint8Array]> = [];
    for (const [hash, code] of this.newCodes) {
      if ([...writes.values()].includes(hash)) newCode.push([hash, code]);
    }
    return {
      reads: this.reads,
      writes,
      feeDelta: this.feeCredit,
      newCode,
      touched: () => [...this.writes.keys()].filter((key) => !isCreditKey(key)).concat([...this.freshSlots]),
    };
  }

  /** Discards the transaction's writes (it was invalid). The reads stay recorded. */
  discardWrites(): void {
    this.writes = new Map();
    this.feeCredit = 0n;
    this.newCodes = new Map();
  }

  private base(key: StateKey): StateValue {
    const seen = this.reads.get(key);
    if (seen !== undefined) return seen;
    const value = this.source!.read(key);
    this.reads.set(key, value);
    if (key === this.coinbaseBalanceKey) this.coinbaseExplicit = true;
    return value;
  }

  private current(key: StateKey): StateValue {
    const written = this.writes.get(key);
    return written !== undefined ? written : this.base(key);
  }

  private currentSlot(addr: string, key: StateKey): bigint {
    const written = this.writes.get(key);
    if (written !== undefined) return written as bigint;
    if (this.cleared.has(addr)) {
      this.freshSlots.add(key);
      return 0n;
    }
    return this.base(key) as bigint;
  }

  private write(key: StateKey, value: StateValue): void {
    this.journal.push(key, this.writes.get(key));
    this.writes.set(key, value);
  }

  private setField(key: StateKey, value: StateValue): void {
    if (this.current(key) !== value) this.write(key, value);
  }

  /** Credits to `addr` kept as a delta so far (0 when none). */
  private credit(addr: string): bigint {
    return (this.writes.get(addr + CREDIT_SUFFIX) as bigint | undefined) ?? 0n;
  }

  /** Whether `addr`'s balance is shown as a sentinel plus credits (see the class comment). */
  private lazy(addr: string, codeHash: string): boolean {
    return (
      codeHash !== EMPTY_CODE_HASH &&
      addr !== this.coinbase &&
      !this.balanceReads.has(addr) &&
      !this.cleared.has(addr) &&
      !this.writes.has(addr + ":code")
    );
  }

  /** `addr`'s balance now (read when not read yet; credits included): an instruction observes it. */
  balanceNow(addr: string): bigint {
    return (this.current(addr + ":balance") as bigint) + this.credit(addr);
  }

  async getAccount(address: Address): Promise<Account | undefined> {
    const addr = address.toString();
    const codeHash = this.current(addr + ":code") as string;
    const nonce = this.current(addr + ":nonce") as bigint;
    let balance: bigint;
    if (this.settling && addr === this.coinbase && !this.coinbaseExplicit) {
      balance = FEE_SENTINEL + this.feeCredit;
    } else if (this.lazy(addr, codeHash)) {
      balance = CREDIT_SENTINEL + this.credit(addr);
    } else {
      balance = this.balanceNow(addr);
      if (balance === 0n && nonce === 0n && codeHash === EMPTY_CODE_HASH) return undefined;
    }
    return new Account(nonce, balance, KECCAK256_RLP, this.codes.hashBytes(codeHash), this.codes.get(codeHash).length);
  }

  async putAccount(address: Address, account?: Account): Promise<void> {
    if (account === undefined) return this.deleteAccount(address);
    const addr = address.toString();
    const currentHash = this.current(addr + ":code") as string;
    if (this.settling && addr === this.coinbase && !this.coinbaseExplicit) {
      this.feeCredit = account.balance - FEE_SENTINEL;
    } else if (this.lazy(addr, currentHash)) {
      const delta = account.balance - CREDIT_SENTINEL;
      if (delta !== this.credit(addr)) this.write(addr + CREDIT_SUFFIX, delta);
    } else {
      this.setField(addr + ":balance", account.balance - this.credit(addr));
    }
    this.setField(addr + ":nonce", account.nonce);
    if (this.codes.hashBytes(currentHash) !== account.codeHash) {
      const hash = bytesToHex(account.codeHash);
      if (hash !== currentHash) {
        if (!this.codes.has(hash)) throw new Error(`putAccount: code hash ${hash} without code (${addr})`);
        this.write(addr + ":code", hash);
      }
    }
  }

  async deleteAccount(address: Address): Promise<void> {
    const addr = address.toString();
    if (this.settling && addr === this.coinbase && !this.coinbaseExplicit) {
      throw new Error("deleteAccount of the beneficiary while crediting the fee");
    }
    // Its balance is observed (all of it goes): credits so far are dropped with it.
    this.balanceReads.add(addr);
    if (this.credit(addr) !== 0n) this.write(addr + CREDIT_SUFFIX, 0n);
    this.setField(addr + ":balance", 0n);
    this.setField(addr + ":nonce", 0n);
    this.setField(addr + ":code", EMPTY_CODE_HASH);
    await this.clearStorage(address);
  }

  async modifyAccountFields(address: Address, fields: AccountFields): Promise<void> {
    const account = (await this.getAccount(address)) ?? new Account();
    if (fields.nonce !== undefined) account.nonce = fields.nonce;
    if (fields.balance !== undefined) account.balance = fields.balance;
    if (fields.codeHash !== undefined) account.codeHash = fields.codeHash;
    await this.putAccount(address, account);
  }

  async getCode(address: Address): Promise<Uint8Array> {
    return this.codes.get(this.current(codeOf(address.toString())) as string);
  }

  async getCodeSize(address: Address): Promise<number> {
    return (await this.getCode(address)).length;
  }

  async putCode(address: Address, code: Uint8Array): Promise<void> {
    const hash = this.codes.add(code);
    if (code.length > 0) this.newCodes.set(hash, code);
    this.setField(codeOf(address.toString()), hash);
  }

  async getStorage(address: Address, key: Uint8Array): Promise<Uint8Array> {
    const addr = address.toString();
    return toStorageBytes(this.currentSlot(addr, addr + ":slot:" + bytesToHex(key)));
  }

  async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    const addr = address.toString();
    const slotKey = addr + ":slot:" + bytesToHex(key);
    const next = value.length === 0 ? 0n : bytesToBigInt(value);
    if (this.currentSlot(addr, slotKey) !== next) this.write(slotKey, next);
  }

  async clearStorage(address: Address): Promise<void> {
    const addr = address.toString();
    const prefix = addr + ":slot:";
    for (const [key, value] of this.writes) {
      if (key.startsWith(prefix) && value !== 0n) this.write(key, 0n);
    }
    if (!this.cleared.has(addr)) {
      this.cleared.add(addr);
      this.journal.push(CLEAR + addr, undefined);
    }
  }

  async checkpoint(): Promise<void> {
    this.checkpoints.push(this.journal.length);
  }

  async commit(): Promise<void> {
    this.checkpoints.pop();
  }

  async revert(): Promise<void> {
    const mark = this.checkpoints.pop() ?? 0;
    const journal = this.journal;
    for (let i = journal.length - 2; i >= mark; i -= 2) {
      const key = journal[i] as string;
      const previous = journal[i + 1];
      if (key.startsWith(CLEAR)) this.cleared.delete(key.slice(CLEAR.length));
      else if (previous === undefined) this.writes.delete(key);
      else this.writes.set(key, previous);
    }
    journal.length = mark;
  }

  async getStateRoot(): Promise<Uint8Array> {
    throw new Error("the flat state has no state root");
  }

  async setStateRoot(): Promise<void> {
    throw new Error("the flat state has no state root");
  }

  async hasStateRoot(): Promise<boolean> {
    return false;
  }

  clearCaches(): void {}

  shallowCopy(): StateManagerInterface {
    return this;
  }
}

/**
 * A slot value as ethereumjs reads it: empty for zero, else 32 bytes (every consumer either takes
 * its bigint or pads it to 32 bytes, which is then free).
 */
function toStorageBytes(value: bigint): Uint8Array {
  return value === 0n ? EMPTY : word32(value);
}
