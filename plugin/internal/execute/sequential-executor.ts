import type { ChainConfig, TxRun } from "../evm/index.ts";
import type { BlockExecution, BlockJob, ExecutedTx, Reexecution } from "./block-execution.ts";
import type { TimelineSpan } from "./timeline-span.ts";

import { EvmRunner, RunningState, absoluteWrites, creditedBalance, isCreditKey } from "../evm/index.ts";
import { fetchInto, postState } from "./block-execution.ts";

/** Runs a block's transactions one after another on one VM: the baseline. */
export class SequentialExecutor {
  private readonly runner: EvmRunner;

  private constructor(runner: EvmRunner) {
    this.runner = runner;
  }

  static async create(chain: ChainConfig, job: Pick<BlockJob, "codes">): Promise<SequentialExecutor> {
    return new SequentialExecutor(await EvmRunner.create(chain, job.codes));
  }

  async execute(job: BlockJob): Promise<BlockExecution> {
    const start = performance.now();
    const runner = this.runner;
    runner.setBlock(job.env, job.codes);
    const state = new RunningState((key) => job.pre.get(key), job.env.beneficiary);
    const txs: ExecutedTx[] = [];
    const reexecutions: Reexecution[] = [];
    const timeline: TimelineSpan[] = [];
    for (let index = 0; index < job.txs.length; index++) {
      let startMs = performance.now() - start;
      const tx = runner.decode(job.txs[index]);
      let incarnations = 0;
      let run: TxRun;
      for (;;) {
        incarnations++;
        run = await runner.run(tx, state);
        const endMs = performance.now() - start;
        timeline.push({ tx: index, incarnation: incarnations, worker: -1, startMs, endMs });
        if (run.missing === undefined) break;
        await fetchInto(job, [run.missing]);
        startMs = performance.now() - start;
        reexecutions.push({ tx: index, reason: "missing pre-state", key: run.missing, writer: -1 });
      }
      for (const [hash, code] of run.newCode) job.codes.addKnown(hash, code);
      // A credited balance's base may be missing: the transaction never read it.
      for (const key of run.writes.keys()) {
        const balance = isCreditKey(key) ? creditedBalance(key) : undefined;
        if (balance !== undefined && !job.pre.has(balance) && !state.overlay.has(balance))
          await fetchInto(job, [balance]);
      }
      const writes = absoluteWrites(run.writes, (key) => state.read(key));
      state.apply(run);
      txs.push({ ...run, writes, incarnations });
    }
    const post = await postState(job, txs, (key) => state.read(key));
    const wallMs = performance.now() - start;
    return { txs, post, wallMs, reexecutions, busyMs: [wallMs], fellBack: false, timeline };
  }
}
