import type { Common } from "@ethereumjs/common";

import { interpreterPrototype } from "./interpreter-prototype.ts";

/** An EVM whose TIMESTAMP reads are noted (see `installTimestampReads`). */
export interface TimestampNoting {
  timestampRead?: boolean;
}

/**
 * Notes on the EVM (`timestampRead`) when code reads the block's timestamp: the TIMESTAMP opcode
 * is the interpreter's only caller of `getBlockTimestamp`. A transaction that did not read it runs
 * the same in a block with another timestamp (block-stream.ts keeps such runs when the block's
 * timestamp moves on). Patched once per process on the shared Interpreter prototype.
 */
export async function installTimestampReads(common: Common): Promise<void> {
  const prototype = (await interpreterPrototype(common)) as InterpreterLike | undefined;
  if (prototype === undefined || patched.has(prototype)) return;
  patched.add(prototype);
  const original = prototype.getBlockTimestamp;
  prototype.getBlockTimestamp = function (this: { _evm: TimestampNoting }) {
    this._evm.timestampRead = true;
    return original.call(this);
  };
}

interface InterpreterLike {
  getBlockTimestamp(this: unknown): bigint;
}

const patched = new WeakSet<object>();
