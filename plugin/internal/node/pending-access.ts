import type { AccessSets, StateKey } from "../capture/types.ts";
import type { ChainConfig } from "../evm/index.ts";
import type { Eip1193Provider } from "../rpc/index.ts";

import { parseStateKey } from "../capture/state-key.ts";
import { CaptureEngine, HeadState, readPendingBlock } from "../produce/index.ts";

export interface PendingAccessList {
  index: number;
  hash: string;
  from: string;
  to: string | null;
  /** EIP-2930 shape: every account and storage slot the transaction reads or writes run alone. */
  accessList: Array<{ address: string; storageKeys: string[] }>;
  reads: number;
  writes: number;
}

/** A pending transaction that would read what an earlier pending one writes. */
export interface PredictedConflict {
  tx: number;
  dependsOn: number;
  keys: StateKey[];
}

export interface PendingAccessLists {
  /** The number the pending block will have. */
  block: number;
  transactions: PendingAccessList[];
  conflicts: PredictedConflict[];
}

/**
 * `parallel_getPendingAccessLists`: each pending transaction run alone on the engine against the
 * head state (its predicted access list), and the conflicts those lists predict: a later
 * transaction reading a key an earlier one writes (nearest writer; the block beneficiary's fee
 * credits are not conflicts). Nothing is changed on the network. Its own head state and engine, so
 * the miner's are never touched.
 */
export class PendingAccessPredictor {
  private readonly provider: Eip1193Provider;
  private readonly chain: ChainConfig;
  private readonly head: HeadState;
  private engine: CaptureEngine | undefined;

  constructor(provider: Eip1193Provider, chain: ChainConfig) {
    this.provider = provider;
    this.chain = chain;
    this.head = new HeadState(provider);
  }

  async predict(): Promise<PendingAccessLists> {
    const pending = await readPendingBlock(this.provider);
    this.head.at(pending.env.number - 1, pending.env.parentHash);
    this.engine ??= await CaptureEngine.create(this.chain, this.head);
    const run = await this.engine.runBlock(pending.env, pending.txs, this.head);
    const coinbase = pending.env.beneficiary.toLowerCase();
    const sets = run.txs.map((tx) => tx.predicted ?? tx.access);
    return {
      block: pending.env.number,
      transactions: pending.txs.map((tx, index) => ({
        index,
        hash: tx.hash,
        from: tx.from,
        to: tx.to,
        accessList: accessList(sets[index]),
        reads: Object.keys(sets[index].reads).length,
        writes: Object.keys(sets[index].writes).length,
      })),
      conflicts: predictedConflicts(sets, coinbase),
    };
  }
}

function accessList(sets: AccessSets): PendingAccessList["accessList"] {
  const byAddress = new Map<string, Set<string>>();
  for (const key of [...Object.keys(sets.reads), ...Object.keys(sets.writes)]) {
    const { address, slot } = parseStateKey(key);
    const slots = byAddress.get(address) ?? new Set<string>();
    if (slot !== undefined) slots.add(slot);
    byAddress.set(address, slots);
  }
  return [...byAddress.keys()].sort().map((address) => ({
    address,
    storageKeys: [...byAddress.get(address)!].sort(),
  }));
}

function predictedConflicts(sets: AccessSets[], coinbase: string): PredictedConflict[] {
  const lastWriter = new Map<StateKey, number>();
  const conflicts: PredictedConflict[] = [];
  sets.forEach((set, index) => {
    const byWriter = new Map<number, StateKey[]>();
    for (const key of Object.keys(set.reads)) {
      if (key.startsWith(coinbase)) continue;
      const writer = lastWriter.get(key);
      if (writer !== undefined) byWriter.set(writer, [...(byWriter.get(writer) ?? []), key]);
    }
    for (const [writer, keys] of [...byWriter].sort((a, b) => a[0] - b[0])) {
      conflicts.push({ tx: index, dependsOn: writer, keys: keys.sort() });
    }
    for (const key of Object.keys(set.writes)) if (!key.startsWith(coinbase)) lastWriter.set(key, index);
  });
  return conflicts;
}
