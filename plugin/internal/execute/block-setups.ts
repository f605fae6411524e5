import type { BlockJob } from "./block-execution.ts";
import type { Encoded } from "./encoded.ts";
import type { ChainConfig } from "./evm-runner.ts";
import type { BlockSetup, BlockStart, PackedTxResult, TxResult } from "./worker-messages.ts";
import type { WorkerSlot } from "./worker-pool.ts";

import { encode } from "./encoded.ts";
import { KeyTable } from "./key-table.ts";

/**
 * What a worker gets to start a block: the block (header, transactions, pre-state), encoded once on
 * the first set-up and shared by every worker, plus the code that worker does not have yet.
 * Pre-state fetched later in the block reaches the workers through the log. Workers name a
 * result's keys by their index in this pre-state (key-table.ts); `unpack` restores them.
 */
export class BlockSetups {
  private readonly job: BlockJob;
  private readonly chain: ChainConfig;
  private block: Encoded<BlockStart> | undefined;
  private keys: KeyTable | undefined;

  constructor(job: BlockJob, chain: ChainConfig) {
    this.job = job;
    this.chain = chain;
  }

  for(slot: WorkerSlot): BlockSetup {
    const codes: Array<[string, Uint8Array]> = [];
    for (const [hash, code] of this.job.codes.entries()) {
      if (!slot.codes.has(hash)) {
        codes.push([hash, code]);
        slot.codes.add(hash);
      }
    }
    if (this.block === undefined) {
      const pre = [...this.job.pre.values];
      this.block = encode({ chain: this.chain, env: this.job.env, txs: this.job.txs, pre });
      this.keys = new KeyTable(pre.map(([key]) => key));
    }
    return { block: this.block, codes };
  }

  /** A worker's result with its read and write sets as Maps of the main thread's own key strings. */
  unpack(result: PackedTxResult): TxResult {
    const keys = this.keys!;
    return { ...result, reads: keys.unpack(result.reads), writes: keys.unpack(result.writes) };
  }
}
