import type { KeyName } from "../analyze/types.ts";
import type { CapturedTransaction } from "../capture/types.ts";
import type { TouchedKey } from "./types.ts";

/** A named state key as a call touched it (value fields are filled by the caller). */
export function touchedKey(
  chain: string,
  name: KeyName,
  tx: CapturedTransaction,
  functions: ReadonlySet<string> | undefined,
  after: string | undefined,
): Omit<TouchedKey, "before"> {
  const indexes = indexesOf(name.name);
  return {
    key: `${chain}/${name.key}`,
    address: name.address,
    contract: name.contract ?? name.address,
    variable: variableOf(name),
    name: name.name,
    sourceName: name.sourceName,
    line: name.line,
    indexes,
    chosenByCaller: indexes.length > 0 && chosenByCaller(indexes, name.address, tx),
    functions: [...(functions ?? [])],
    ...(after === undefined ? {} : { after }),
  };
}

function variableOf(name: KeyName): string {
  if (name.kind === "balance") return "(ETH balance)";
  if (name.kind === "nonce") return "(nonce)";
  if (name.variable !== null) return name.variable;
  return name.key.slice(43); // "slot:0x…" of an unresolved slot
}

/** "Token.allowances[0xab…][0xcd…].amount" → ["0xab…", "0xcd…"]. */
export function indexesOf(name: string): string[] {
  return [...name.matchAll(/\[([^\][]+)\]/g)].map((match) => match[1]);
}

/**
 * Whether an index equals the address that called into `address`'s storage or a 32-byte word of the
 * input of a call frame running on it.
 */
function chosenByCaller(indexes: string[], address: string, tx: CapturedTransaction): boolean {
  const chosen = callerValues(tx, address);
  return indexes.some((index) => {
    const value = numericIndex(index);
    return value !== null && chosen.has(value);
  });
}

const callerValuesByTx = new WeakMap<CapturedTransaction, Map<string, Set<bigint>>>();

/** msg.sender and input words of the frames running on `address`'s storage, once per transaction. */
function callerValues(tx: CapturedTransaction, address: string): Set<bigint> {
  let byAddress = callerValuesByTx.get(tx);
  if (byAddress === undefined) callerValuesByTx.set(tx, (byAddress = new Map()));
  let chosen = byAddress.get(address);
  if (chosen === undefined) {
    chosen = new Set<bigint>();
    for (const frame of tx.calls) {
      if (frame.storageAddress !== address) continue;
      chosen.add(BigInt(frame.from));
      for (let i = 10; i + 64 <= frame.input.length; i += 64) chosen.add(BigInt("0x" + frame.input.slice(i, i + 64)));
    }
    byAddress.set(address, chosen);
  }
  return chosen;
}

function numericIndex(index: string): bigint | null {
  try {
    return /^-/.test(index) ? BigInt.asUintN(256, BigInt(index)) : BigInt(index);
  } catch {
    return null;
  }
}
