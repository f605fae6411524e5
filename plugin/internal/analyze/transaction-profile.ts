import type { CapturedTransaction } from "../capture/types.ts";
import type { ContractDirectory } from "./contract-directory.ts";
import { functionOfFrame, type FunctionIdentity } from "./function-name.ts";

/** What one transaction touches, precomputed once per transaction. */
export interface TransactionProfile {
  tx: CapturedTransaction;
  /** Contract groups touched: frames' `to` and storage address, keys read or written. */
  contracts: Set<string>;
  /** Function name → storage addresses of the frames running it. */
  functions: Map<string, Set<string>>;
  /** Storage address → names of the functions whose frames ran on it. */
  functionsByStorage: Map<string, Set<string>>;
  /** The top-level frame's function, or "(ETH transfer)" / "(create)" when it runs no contract code. */
  topLevel: string;
}

export function profileTransaction(
  tx: CapturedTransaction,
  directory: ContractDirectory,
  identities: Map<string, FunctionIdentity>,
): TransactionProfile {
  const contracts = new Set<string>();
  const functions = new Map<string, Set<string>>();
  const functionsByStorage = new Map<string, Set<string>>();
  const touch = (address: string): void => {
    const group = directory.groupOf(address);
    if (group !== null) contracts.add(group);
  };
  let topLevel = tx.to === null ? "(create)" : "(ETH transfer)";
  tx.calls.forEach((frame, position) => {
    if (frame.type !== "SELFDESTRUCT") {
      touch(frame.to);
      touch(frame.storageAddress);
    }
    const identity = functionOfFrame(frame, directory);
    if (identity === null) return;
    if (position === 0) topLevel = identity.name;
    if (!identities.has(identity.name)) identities.set(identity.name, identity);
    addTo(functions, identity.name, frame.storageAddress);
    addTo(functionsByStorage, frame.storageAddress, identity.name);
  });
  for (const key in tx.reads) touch(key.slice(0, 42));
  for (const key in tx.writes) touch(key.slice(0, 42));
  return { tx, contracts, functions, functionsByStorage, topLevel };
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}
