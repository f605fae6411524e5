import type { CapturedBlock } from "../capture/types.ts";
import type { Eip1193Provider } from "../rpc/index.ts";
import type { BlockJob } from "../execute/index.ts";

import { prestateFromCapture } from "./capture-prestate.ts";
import { CodeStore, PreState, balanceOf, fetchState } from "../evm/index.ts";

/**
 * A BlockJob for a captured block: the pre-state the capture shows plus, from the provider at the
 * parent block, the beneficiary's balance, the balances written and never read (ETH sent to a
 * contract that does not observe its balance: the executor adds the credits to the value before
 * the block) and any key found missing during execution.
 * `codes` may be shared between jobs (code is content-addressed).
 */
export async function blockJobFromCapture(
  block: CapturedBlock,
  provider: Eip1193Provider | undefined,
  codes: CodeStore = new CodeStore(),
): Promise<BlockJob> {
  const pre = new PreState();
  for (const [key, value] of prestateFromCapture(block)) pre.setFromCapture(key, value, codes);
  const fetchMissing =
    provider === undefined ? undefined : (keys: string[]) => fetchState(provider, block.number - 1, keys);
  const coinbaseKey = balanceOf(block.beneficiary.toLowerCase());
  const unknown = new Set([coinbaseKey]);
  for (const tx of block.transactions) for (const key in tx.writes) if (key.endsWith(":balance")) unknown.add(key);
  const missing = [...unknown].filter((key) => !pre.has(key));
  if (missing.length > 0 && fetchMissing !== undefined) {
    for (const [key, value] of await fetchMissing(missing)) pre.setFromCapture(key, value, codes);
  }
  return {
    env: {
      number: block.number,
      timestamp: block.timestamp,
      beneficiary: block.beneficiary.toLowerCase(),
      baseFeePerGas: block.baseFeePerGas,
      gasLimit: block.gasLimit,
      prevRandao: block.prevRandao,
      parentHash: block.parentHash,
    },
    txs: block.transactions.map((tx) => tx.raw),
    pre,
    codes,
    fetchMissing,
  };
}
