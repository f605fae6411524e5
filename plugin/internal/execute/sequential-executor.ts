import type { ChainConfig, TxRun } from "../evm/index.ts";
import type { BlockExecution, BlockJob, ExecutedTx, Reexecution } from "./block-execution.ts";
import type { TimelineSpan } from "./timeline-span.ts";

import { EvmRunner, RunningState } from "../evm/index.ts";
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
      state.apply(run);
      txs.push({ ...run, incarnations });
    }
    const post = await postState(job, txs, (key) => state.read(key));
    const wallMs = performance.now() - start;
    return { txs, post, wallMs, reexecutions, busyMs: [wallMs], fellBack: false, timeline };
  }
}
