import type { TypedTransaction } from "@ethereumjs/tx";
import type { BatchResult, BatchTask, LogEntry, RecoverTask, TxResult } from "./worker-messages.ts";

import { CodeStore } from "./code-store.ts";
import { EvmRunner } from "./evm-runner.ts";
import { MultiVersionMemory } from "./multi-version-memory.ts";
import { PreState } from "./pre-state.ts";
import { balanceOf } from "./state-values.ts";

/**
 * A worker's copy of the block being executed: the pre-state and a multi-version memory kept equal
 * to the main thread's by replaying its log, plus one VM. Executes batches of transactions in
 * order, each against the replica at its index, recording its own results as it goes (so a
 * transaction sees the writes of lower ones earlier in the same batch).
 */
export class WorkerReplica {
  private runner: EvmRunner | undefined;
  private readonly codes = new CodeStore();
  private blockId = -1;
  private seq = 0;
  private mv: MultiVersionMemory | undefined;
  private txs: string[] = [];
  private decoded: Array<TypedTransaction | undefined> = [];

  async execute(task: BatchTask): Promise<BatchResult> {
    const start = performance.now();
    if (task.setup !== undefined) await this.setUp(task);
    if (task.blockId !== this.blockId || task.fromSeq > this.seq) return { needSync: true, results: [], busyMs: 0 };
    for (let i = this.seq - task.fromSeq; i < task.log.length; i++) this.apply(task.log[i]);
    this.seq = task.fromSeq + task.log.length;
    for (const { tx, writes, feeDelta } of task.restore ?? []) this.mv!.record(tx, writes, feeDelta);

    const mv = this.mv!;
    const runner = this.runner!;
    const results: TxResult[] = [];
    for (const item of task.items) {
      const tx = item.tx;
      if (task.faults?.exitOnTx === tx) process.exit(3);
      if (task.faults?.hangOnTx === tx) for (;;);
      let decoded = this.decoded[tx];
      if (decoded === undefined) decoded = this.decoded[tx] = runner.decode(this.txs[tx], item.sender);
      const run = await runner.run(decoded, { read: (key) => mv.readOrThrow(key, tx) });
      if (run.missing === undefined) {
        for (const [hash, code] of run.newCode) this.codes.addKnown(hash, code);
        mv.record(tx, run.writes, run.feeDelta);
      }
      results.push({ tx, incarnation: item.incarnation, ...run });
    }
    return { results, busyMs: performance.now() - start };
  }

  /** Each transaction's sender (ECDSA recovery), hex; undefined for a transaction that does not decode. */
  async recoverSenders(task: RecoverTask): Promise<Array<string | undefined>> {
    const runner = (this.runner ??= await EvmRunner.create(task.chain, this.codes));
    return task.raws.map((raw) => {
      try {
        return runner.decode(raw).getSenderAddress().toString();
      } catch {
        return undefined; // the main thread's own decode reports it
      }
    });
  }

  private async setUp(task: BatchTask): Promise<void> {
    const setup = task.setup!;
    for (const [hash, code] of setup.codes) this.codes.addKnown(hash, code);
    this.runner ??= await EvmRunner.create(setup.chain, this.codes);
    this.runner.setBlock(setup.env, this.codes);
    const pre = new PreState();
    for (const [key, value] of setup.pre) pre.set(key, value);
    this.mv = new MultiVersionMemory(pre, balanceOf(setup.env.beneficiary.toLowerCase()));
    this.txs = setup.txs;
    this.decoded = [];
    this.blockId = task.blockId;
    this.seq = 0;
  }

  private apply(entry: LogEntry): void {
    for (const [hash, code] of entry.codes ?? []) this.codes.addKnown(hash, code);
    if ("pre" in entry) {
      for (const [key, value] of entry.pre) this.mv!.pre.set(key, value);
    } else {
      this.mv!.record(entry.tx, entry.writes, entry.feeDelta);
    }
  }
}
