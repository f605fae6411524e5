import type { StateKey } from "../capture/types.ts";
import type { StateSource, StateValue } from "../evm/index.ts";
import type { HeadState } from "./head-state.ts";

import { MissingStateError, balanceOf, codeOf, nonceOf } from "../evm/index.ts";

/** The keys of a transaction's sender and recipient accounts: balance, nonce, code. */
export function accountKeys(from: string, to: string | null): StateKey[] {
  const keys = [balanceOf(from), nonceOf(from), codeOf(from)];
  if (to !== null) keys.push(balanceOf(to), nonceOf(to), codeOf(to));
  return keys.map((key) => key.toLowerCase());
}

/** A key's value in `state`, fetched into the head state first when it is not known yet. */
export async function readFetching(state: StateSource, head: HeadState, key: StateKey): Promise<StateValue> {
  try {
    return state.read(key);
  } catch (error) {
    if (!(error instanceof MissingStateError)) throw error;
    await head.fetch([key]);
    return state.read(key);
  }
}
