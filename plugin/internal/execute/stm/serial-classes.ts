import { hexToBytes } from "@ethereumjs/util";

import { rlpItem, rlpListItems } from "../../evm/index.ts";
import { SerialOwners } from "./serial-owners.ts";

/** A class whose share of conflicting executions reaches this (after `MIN_CONFLICTS`) becomes serial. */
const SERIAL_CONFLICT_RATE = 0.2;
const MIN_CONFLICTS = 4;

/**
 * Call classes (target contract and function selector) whose transactions keep invalidating each
 * other within a block: a chain such as deposits that all add to one total. The executor sends a
 * serial class's transactions to one worker only (its chain's, see serial-owners.ts), where they
 * run in index order, each seeing the previous one's writes (no aborts), while the other workers
 * run the rest and the other chains. Classes are read from the raw transactions when the block's
 * first conflict comes in (nothing to do for a block without conflicts), or at once when earlier
 * blocks left serial classes in `known`: the same contracts come back block after block (see
 * `remember`).
 */
export class SerialClasses {
  private readonly txs: string[];
  private readonly workers: number;
  private classOf: Int32Array | undefined;
  private executions: number[] = [];
  private conflicts: number[] = [];
  private serial: Uint8Array = new Uint8Array(0);
  private names: string[] = [];
  /** Transactions per class. */
  private sizes: number[] = [];
  private owners: SerialOwners | undefined;
  /** True once some class is serial. */
  any = false;

  /**
   * `workers`: the pool's size. `known`: classes found serial in earlier blocks, by name, each with
   * the name of its chain (classes of one chain run on one worker).
   */
  constructor(txs: string[], workers: number, known: ReadonlyMap<string, string> = new Map()) {
    this.txs = txs;
    this.workers = workers;
    if (known.size === 0) return;
    this.classify(new Array(txs.length).fill(0));
    const owners = this.owners!;
    const chains = new Map<string, number>();
    const knownClasses: number[] = [];
    this.names.forEach((name, cls) => {
      const chain = known.get(name);
      if (chain === undefined) return;
      const first = chains.get(chain);
      if (first === undefined) chains.set(chain, cls);
      else owners.join(first, cls);
      knownClasses.push(cls);
    });
    // Largest first, each chain to the least loaded worker.
    for (const cls of knownClasses.sort((a, b) => this.sizes[b] - this.sizes[a])) this.markSerial(cls);
  }

  /**
   * Carries what this block showed into `known`: a class that is serial here joins it, unless none
   * of its transactions (two or more) read a value written by a lower transaction of its chain:
   * then it is no chain (any more) and leaves it. `lowerWriters(tx)`: for each key `tx` read, the
   * lower transaction that last wrote it, if any.
   */
  remember(known: Map<string, string>, lowerWriters: (tx: number) => Iterable<number>): void {
    if (!this.any) return;
    const classOf = this.classOf!;
    const owners = this.owners!;
    const members = new Array<number>(this.names.length).fill(0);
    const chained = new Uint8Array(this.names.length);
    for (let tx = 0; tx < this.txs.length; tx++) {
      const cls = classOf[tx];
      if (this.serial[cls] === 0) continue;
      members[cls]++;
      if (chained[cls] === 1) continue;
      for (const writer of lowerWriters(tx)) {
        if (writer >= 0 && owners.find(classOf[writer]) === owners.find(cls)) {
          chained[cls] = 1;
          break;
        }
      }
    }
    this.names.forEach((name, cls) => {
      if (this.serial[cls] === 0) return;
      if (chained[cls] === 1) known.set(name, this.names[owners.find(cls)]);
      else if (members[cls] >= 2) known.delete(name);
    });
  }

  /** `tx` has a new result. */
  executed(tx: number): void {
    if (this.classOf !== undefined) this.executions[this.classOf[tx]]++;
  }

  /**
   * `reader`'s execution read (or was invalidated by) `writer`'s write (-1: unknown writer).
   * `executions`: every transaction's count of results so far (read when the classes are first
   * computed). Returns whether a class became serial.
   */
  conflict(reader: number, writer: number, executions: number[]): boolean {
    if (this.classOf === undefined) this.classify(executions);
    const classOf = this.classOf!;
    const readerClass = classOf[reader];
    let serialized = this.count(readerClass);
    if (writer >= 0 && classOf[writer] !== readerClass) {
      this.owners!.join(readerClass, classOf[writer]);
      serialized = this.count(classOf[writer]) || serialized;
    }
    return serialized;
  }

  /** Whether `a` and `b` belong to serial classes of one chain (one worker runs them, in order). */
  sameChain(a: number, b: number): boolean {
    if (!this.any) return false;
    const ca = this.classOf![a];
    const cb = this.classOf![b];
    return this.serial[ca] === 1 && this.serial[cb] === 1 && this.owners!.find(ca) === this.owners!.find(cb);
  }

  /** How many of the block's transactions belong to serial classes. */
  serialTxCount(): number {
    if (!this.any) return 0;
    return this.sizes.reduce((count, size, cls) => count + size * this.serial[cls], 0);
  }

  isSerial(tx: number): boolean {
    return this.any && this.serial[this.classOf![tx]] === 1;
  }

  /** The share of the block's transactions in its longest chain of serial classes (0: none). */
  largestChainShare(): number {
    if (!this.any || this.txs.length === 0) return 0;
    const owners = this.owners!;
    const chains = new Map<number, number>();
    this.sizes.forEach((size, cls) => {
      if (this.serial[cls] === 0) return;
      const chain = owners.find(cls);
      chains.set(chain, (chains.get(chain) ?? 0) + size);
    });
    return Math.max(...chains.values()) / this.txs.length;
  }

  /** The worker that must run `tx` (-1: any worker, it is not in a serial class). */
  ownerOf(tx: number): number {
    if (!this.any) return -1;
    const cls = this.classOf![tx];
    return this.serial[cls] === 1 ? this.owners!.ownerOf(cls) : -1;
  }

  /** Counts a conflict of `cls`; true when that makes it serial. */
  private count(cls: number): boolean {
    const conflicts = ++this.conflicts[cls];
    const often = conflicts >= MIN_CONFLICTS && conflicts >= SERIAL_CONFLICT_RATE * this.executions[cls];
    if (this.serial[cls] === 0 && often) {
      this.markSerial(cls);
      return true;
    }
    return false;
  }

  private markSerial(cls: number): void {
    this.serial[cls] = 1;
    this.any = true;
    this.owners!.serialize(cls);
  }

  /** Reads every transaction's class; `executions`: each transaction's results so far. */
  private classify(executions: number[]): void {
    const ids = new Map<string, number>();
    const classOf = new Int32Array(this.txs.length);
    for (let tx = 0; tx < this.txs.length; tx++) {
      const name = callClass(this.txs[tx]) ?? `tx ${tx}`;
      let id = ids.get(name);
      if (id === undefined) ids.set(name, (id = ids.size));
      classOf[tx] = id;
    }
    this.classOf = classOf;
    this.executions = new Array(ids.size).fill(0);
    this.conflicts = new Array(ids.size).fill(0);
    this.serial = new Uint8Array(ids.size);
    this.names = [...ids.keys()];
    this.sizes = new Array<number>(ids.size).fill(0);
    for (const cls of classOf) this.sizes[cls]++;
    this.owners = new SerialOwners(this.sizes, this.workers);
    for (let tx = 0; tx < this.txs.length; tx++) this.executions[classOf[tx]] += executions[tx];
  }
}

/** "to:selector" of a signed transaction ("create" for a deployment), or undefined when unreadable. */
export function callClass(raw: string): string | undefined {
  const bytes = hexToBytes(raw as `0x${string}`);
  const typed = bytes[0] <= 0x7f;
  const list = rlpItem(bytes, typed ? 1 : 0);
  if (list === undefined || !list.isList) return undefined;
  const items = rlpListItems(bytes, list);
  // Field positions: legacy [nonce, gasPrice, gas, to, value, data, ...]; EIP-2930 [chainId, nonce,
  // gasPrice, gas, to, value, data, ...]; EIP-1559 and later [chainId, nonce, tip, maxFee, gas, to,
  // value, data, ...].
  const toIndex = !typed ? 3 : bytes[0] === 1 ? 4 : 5;
  if (items === undefined || items.length < toIndex + 3) return undefined;
  const to = items[toIndex];
  const data = items[toIndex + 2];
  if (to.end === to.start) return "create";
  const hex = (from: number, end: number) => Buffer.from(bytes.subarray(from, end)).toString("hex");
  return `${hex(to.start, to.end)}:${hex(data.start, Math.min(data.end, data.start + 4))}`;
}
