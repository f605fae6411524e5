import type { CapturedTransaction } from "../capture/types.ts";
import type { ContractDirectory } from "./contract-directory.ts";
import { functionOfFrame, type FunctionIdentity } from "./function-name.ts";

export interface FunctionUse {
  /** Storage addresses of the frames running the function. */
  storageAddresses: Set<string>;
  /** Storage addresses of those frames that may write: not a STATICCALL nor inside one. */
  writableStorageAddresses: Set<string>;
  frames: number;
}

/** What one transaction touches, computed once per transaction. */
export interface TransactionProfile {
  tx: CapturedTransaction;
  /** Contract groups touched: frames' `to` and storage address, addresses of keys read or written. */
  contracts: Set<string>;
  /** Function name → its frames in this transaction. */
  functions: Map<string, FunctionUse>;
  /** Storage address → names of the functions whose frames ran on it. */
  functionsByStorage: Map<string, Set<string>>;
  /** The same, counting only frames that may write (not in a static context). */
  writersByStorage: Map<string, Set<string>>;
  /** The top-level frame's function, or "(ETH transfer)" / "(create)" when it runs no known code. */
  topLevel: string;
}

/** Profiles a transaction; records every function identity met in `identities`. */
export function profileTransaction(
  tx: CapturedTransaction,
  directory: ContractDirectory,
  identities: Map<string, FunctionIdentity>,
): TransactionProfile {
  const contracts = new Set<string>();
  const functions = new Map<string, FunctionUse>();
  const functionsByStorage = new Map<string, Set<string>>();
  const writersByStorage = new Map<string, Set<string>>();
  const staticDepths: number[] = [];
  const touch = (address: string): void => {
    const group = directory.groupOf(address);
    if (group !== null) contracts.add(group);
  };
  let topLevel = tx.to === null ? "(create)" : "(ETH transfer)";
  tx.calls.forEach((frame, position) => {
    while (staticDepths.length > 0 && staticDepths[staticDepths.length - 1] >= frame.depth) staticDepths.pop();
    if (frame.type === "STATICCALL") staticDepths.push(frame.depth);
    const writable = staticDepths.length === 0;
    if (frame.type !== "SELFDESTRUCT") {
      touch(frame.to);
      touch(frame.storageAddress);
    }
    const identity = functionOfFrame(frame, directory);
    if (identity === null) return;
    if (position === 0) topLevel = identity.name;
    if (!identities.has(identity.name)) identities.set(identity.name, identity);
    const use = functions.get(identity.name) ?? {
      storageAddresses: new Set(),
      writableStorageAddresses: new Set(),
      frames: 0,
    };
    use.storageAddresses.add(frame.storageAddress);
    if (writable) use.writableStorageAddresses.add(frame.storageAddress);
    use.frames++;
    functions.set(identity.name, use);
    addTo(functionsByStorage, frame.storageAddress, identity.name);
    if (writable) addTo(writersByStorage, frame.storageAddress, identity.name);
  });
  for (const key in tx.reads) touch(key.slice(0, 42));
  for (const key in tx.writes) touch(key.slice(0, 42));
  return { tx, contracts, functions, functionsByStorage, writersByStorage, topLevel };
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}
