import type { TypedTransaction } from "@ethereumjs/tx";
import type { BatchResult, BatchTask, LogEntry, PackedTxResult, RecoverTask } from "../workers/index.ts";

import { CodeStore, EvmRunner, PreState, balanceOf } from "../../evm/index.ts";
import { KeyTable, decode } from "../workers/index.ts";
import { MultiVersionMemory } from "./multi-version-memory.ts";

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
  private keys = new KeyTable([]);

  async execute(task: BatchTask): Promise<BatchResult> {
    const start = performance.now();
    if (task.setup !== undefined) await this.setUp(task);
    if (task.blockId !== this.blockId || task.fromSeq > this.seq) return { needSync: true, results: [], busyMs: 0 };
    this.catchUp(task);
    for (const { tx, writes, feeDelta } of task.restore ?? []) this.mv!.record(tx, writes, feeDelta);

    const mv = this.mv!;
    const runner = this.runner!;
    const results: PackedTxResult[] = [];
    // Each item's start and end, epoch ms (comparable with the main thread's clock).
    const spans: number[] = [];
    const origin = performance.timeOrigin;
    for (const item of task.items) {
      const itemStart = performance.now();
      const tx = item.tx;
      if (task.faults?.exitOnTx === tx) process.exit(3);
      if (task.faults?.hangOnTx === tx) for (;;);
      if (task.faults?.throwOnTx === tx) throw new Error(`injected fault at transaction ${tx}`);
      let decoded = this.decoded[tx];
      if (decoded === undefined) decoded = this.decoded[tx] = runner.decode(this.txs[tx], item.sender);
      const run = await runner.run(decoded, { read: (key) => mv.readOrThrow(key, tx) });
      if (run.missing === undefined) {
        for (const [hash, code] of run.newCode) this.codes.addKnown(hash, code);
        mv.record(tx, run.writes, run.feeDelta);
      }
      const reads = this.keys.pack(run.reads);
      results.push({ tx, incarnation: item.incarnation, ...run, reads, writes: this.keys.pack(run.writes) });
      spans.push(origin + itemStart, origin + performance.now());
    }
    return { results, busyMs: performance.now() - start, spans };
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
    const block = decode(setup.block);
    for (const [hash, code] of setup.codes) this.codes.addKnown(hash, code);
    this.runner ??= await EvmRunner.create(block.chain, this.codes);
    this.runner.setBlock(block.env, this.codes);
    const pre = new PreState();
    for (const [key, value] of block.pre) pre.set(key, value);
    this.mv = new MultiVersionMemory(pre, balanceOf(block.env.beneficiary.toLowerCase()));
    this.txs = block.txs;
    this.keys = new KeyTable(block.pre.map(([key]) => key));
    this.decoded = [];
    this.blockId = task.blockId;
    this.seq = 0;
  }

  /** Replays the log entries of `task` this replica has not seen, except results it computed itself. */
  private catchUp(task: BatchTask): void {
    const { index, generation } = task.worker;
    let seq = task.fromSeq;
    for (const chunk of task.log) {
      for (const entry of decode(chunk)) {
        if (seq++ < this.seq) continue;
        if ("tx" in entry && entry.origin === index && entry.generation === generation) continue;
        this.apply(entry);
      }
    }
    this.seq = seq;
  }

  private apply(entry: LogEntry): void {
    for (const [hash, code] of entry.codes ?? []) this.codes.addKnown(hash, code);
    if ("pre" in entry) {
      for (const [key, value] of entry.pre) this.mv!.pre.set(key, value);
    } else {
      this.mv!.record(entry.tx, this.keys.unpack(entry.writes), entry.feeDelta);
    }
  }
}
