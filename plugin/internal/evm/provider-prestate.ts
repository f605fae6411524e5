import type { StateKey } from "../capture/types.ts";
import type { Eip1193Provider } from "../rpc/index.ts";

import { parseStateKey, toValueHex } from "../capture/state-key.ts";

/**
 * Fetches state values at a block from a Hardhat network provider (the only engine file that
 * talks to the network). Values come back in capture hex form.
 */
export async function fetchState(
  provider: Eip1193Provider,
  blockNumber: number,
  keys: StateKey[],
): Promise<Array<[StateKey, string]>> {
  const block = "0x" + blockNumber.toString(16);
  return Promise.all(
    keys.map(async (key): Promise<[StateKey, string]> => {
      const { address, kind, slot } = parseStateKey(key);
      const request = (method: string, ...params: unknown[]) => provider.request({ method, params }) as Promise<string>;
      switch (kind) {
        case "balance":
          return [key, toValueHex(await request("eth_getBalance", address, block))];
        case "nonce":
          return [key, toValueHex(await request("eth_getTransactionCount", address, block))];
        case "code":
          return [key, ((await request("eth_getCode", address, block)) || "0x").toLowerCase()];
        default:
          return [key, toValueHex(await request("eth_getStorageAt", address, slot, block))];
      }
    }),
  );
}
