import type { StateKey } from "../../capture/types.ts";
import type { BlockJob } from "../block-execution.ts";
import type {
  BlockSetup,
  BlockStart,
  Encoded,
  PackedEntries,
  PackedTxResult,
  TxResult,
  WorkerSlot,
} from "../workers/index.ts";
import type { ChainConfig, StateValue } from "../../evm/index.ts";

import { KeyTable, encode } from "../workers/index.ts";

/**
 * What a worker gets to start a block: the block (header, transactions, pre-state), encoded once on
 * the first set-up and shared by every worker, plus the code that worker does not have yet.
 * Pre-state fetched later in the block reaches the workers through the log. Both sides name the
 * keys of write and read sets by their index in this pre-state (../workers/key-table.ts): results from the
 * workers (`unpack`), and write sets in the log (`pack`).
 */
export class BlockSetups {
  private readonly job: BlockJob;
  private readonly chain: ChainConfig;
  private block: Encoded<BlockStart> | undefined;
  /** The pre-state's keys when the block starts (the log carries those fetched later). */
  private readonly keys: KeyTable;

  constructor(job: BlockJob, chain: ChainConfig) {
    this.job = job;
    this.chain = chain;
    this.keys = new KeyTable([...job.pre.values.keys()]);
  }

  for(slot: WorkerSlot): BlockSetup {
    const codes = slot.newCodes(this.job.codes.entries());
    if (this.block === undefined) {
      const pre = this.keys.keys.map((key): [StateKey, StateValue] => [key, this.job.pre.get(key)!]);
      this.block = encode({ chain: this.chain, env: this.job.env, txs: this.job.txs, pre });
    }
    return { block: this.block, codes };
  }

  /** A worker's result with its read and write sets as Maps of the main thread's own key strings. */
  unpack(result: PackedTxResult): TxResult {
    return { ...result, reads: this.keys.unpack(result.reads), writes: this.keys.unpack(result.writes) };
  }

  /** A write set as the log carries it to the workers. */
  pack(writes: Map<StateKey, StateValue>): PackedEntries {
    return this.keys.pack(writes);
  }
}
