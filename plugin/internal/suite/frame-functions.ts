import type { ContractDirectory } from "../analyze/contract-directory.ts";
import type { CapturedTransaction } from "../capture/types.ts";

import { functionOfFrame } from "../analyze/function-name.ts";

export interface FrameFunctions {
  /** Functions in frame order, the top-level one first. */
  functions: string[];
  /** Storage address → functions whose (non-reverted) frames ran on it: they may have read it. */
  readers: Map<string, Set<string>>;
  /** Storage address → functions whose non-reverted, non-static frames ran on it: they may have written it. */
  writers: Map<string, Set<string>>;
  /** Contracts created by the call (their initial state is deployment, not workload). */
  created: Set<string>;
}

/** Which functions of a call may have read or written which storage (a trace does not say which frame did). */
export function frameFunctions(tx: CapturedTransaction, directory: ContractDirectory): FrameFunctions {
  const functions: string[] = [];
  const readers = new Map<string, Set<string>>();
  const writers = new Map<string, Set<string>>();
  const created = new Set<string>();
  const add = (index: Map<string, Set<string>>, address: string, name: string) => {
    const set = index.get(address) ?? new Set<string>();
    set.add(name);
    index.set(address, set);
  };
  for (const frame of tx.calls) {
    if (frame.type === "CREATE" || frame.type === "CREATE2") {
      created.add(frame.to); // a factory's deployment: the constructor's state is set-up
      continue;
    }
    const identity = functionOfFrame(frame, directory);
    if (identity === null) continue;
    if (!functions.includes(identity.name)) functions.push(identity.name);
    if (frame.reverted) continue;
    add(readers, frame.storageAddress, identity.name);
    if (frame.type !== "STATICCALL") add(writers, frame.storageAddress, identity.name);
  }
  return { functions, readers, writers, created };
}
