import { bytesToHex, hexToBytes } from "@ethereumjs/util";

import { keccak256 } from "./keccak.ts";
import { EMPTY_CODE_HASH } from "./state-values.ts";

/** Contract code by hash (content-addressed, append-only): state values name code by its hash. */
export class CodeStore {
  private readonly codes = new Map<string, Uint8Array>();
  private readonly hashes = new Map<string, Uint8Array>();

  constructor() {
    this.codes.set(EMPTY_CODE_HASH, new Uint8Array(0));
  }

  /** Stores code and returns its hash (0x + 64 hex). */
  add(code: Uint8Array): string {
    const hash = bytesToHex(keccak256(code));
    if (!this.codes.has(hash)) this.codes.set(hash, code);
    return hash;
  }

  /** Stores code whose hash is already known (from another thread). */
  addKnown(hash: string, code: Uint8Array): void {
    if (!this.codes.has(hash)) this.codes.set(hash, code);
  }

  addHex(codeHex: string): string {
    return this.add(hexToBytes(codeHex === "" ? "0x" : (codeHex as `0x${string}`)));
  }

  has(hash: string): boolean {
    return this.codes.has(hash);
  }

  get(hash: string): Uint8Array {
    const code = this.codes.get(hash);
    if (code === undefined) throw new Error(`unknown code hash ${hash}`);
    return code;
  }

  /** The hash as 32 bytes (cached: Account objects need it on every account read). */
  hashBytes(hash: string): Uint8Array {
    let bytes = this.hashes.get(hash);
    if (bytes === undefined) {
      bytes = hexToBytes(hash as `0x${string}`);
      this.hashes.set(hash, bytes);
    }
    return bytes;
  }

  entries(): IterableIterator<[string, Uint8Array]> {
    return this.codes.entries();
  }
}
