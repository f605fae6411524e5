import type { StateKey } from "../capture/types.ts";
import type { ChainConfig, StateSource, StateValue, TxRun } from "../evm/index.ts";
import type { BlockExecution, BlockJob, ExecutedTx, Reexecution } from "./block-execution.ts";

import { EvmRunner, MissingStateError, balanceOf } from "../evm/index.ts";
import { fetchInto, postState } from "./block-execution.ts";

/**
 * The state during a sequential run: the pre-state, overlaid with every write so far. The
 * beneficiary's balance is the last explicit value plus the fees credited since.
 */
class RunningState implements StateSource {
  private readonly job: BlockJob;
  private readonly coinbaseKey: StateKey;
  readonly overlay = new Map<StateKey, StateValue>();
  private fees = 0n;

  constructor(job: BlockJob) {
    this.job = job;
    this.coinbaseKey = balanceOf(job.env.beneficiary.toLowerCase());
  }

  read(key: StateKey): StateValue {
    const value = this.overlay.get(key) ?? this.job.pre.get(key);
    if (value === undefined) throw new MissingStateError(key);
    return key === this.coinbaseKey ? (value as bigint) + this.fees : value;
  }

  apply(run: TxRun): void {
    for (const [key, value] of run.writes) {
      this.overlay.set(key, value);
      if (key === this.coinbaseKey) this.fees = 0n;
    }
    this.fees += run.feeDelta;
  }
}

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
    const state = new RunningState(job);
    const txs: ExecutedTx[] = [];
    const reexecutions: Reexecution[] = [];
    for (let index = 0; index < job.txs.length; index++) {
      const tx = runner.decode(job.txs[index]);
      let incarnations = 0;
      let run: TxRun;
      for (;;) {
        incarnations++;
        run = await runner.run(tx, state);
        if (run.missing === undefined) break;
        await fetchInto(job, [run.missing]);
        reexecutions.push({ tx: index, reason: "missing pre-state", key: run.missing, writer: -1 });
      }
      for (const [hash, code] of run.newCode) job.codes.addKnown(hash, code);
      state.apply(run);
      txs.push({ ...run, incarnations });
    }
    const post = await postState(job, txs, (key) => state.read(key));
    const wallMs = performance.now() - start;
    return { txs, post, wallMs, reexecutions, busyMs: [wallMs], fellBack: false };
  }
}
