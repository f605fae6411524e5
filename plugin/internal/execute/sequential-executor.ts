import type { StateKey } from "../capture/types.ts";
import type { BlockExecution, BlockJob, ExecutedTx, Reexecution } from "./block-execution.ts";
import type { ChainConfig, StateSource, StateValue, TxRun } from "../evm/index.ts";

import { EvmRunner, MissingStateError, balanceOf, fromCaptureValue } from "../evm/index.ts";

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

/** Fetches missing pre-state into the job (throws when the job has no way to fetch). */
export async function fetchInto(job: BlockJob, keys: StateKey[]): Promise<void> {
  if (job.fetchMissing === undefined) throw new MissingStateError(keys[0]);
  for (const [key, hex] of await job.fetchMissing(keys)) job.pre.set(key, fromCaptureValue(key, hex, job.codes));
}

/** The final value of every touched key (and the beneficiary's balance). */
export async function postState(
  job: BlockJob,
  txs: ExecutedTx[],
  finalValue: (key: StateKey) => StateValue,
): Promise<Map<StateKey, StateValue>> {
  const keys = new Set<StateKey>([balanceOf(job.env.beneficiary.toLowerCase())]);
  for (const tx of txs) {
    for (const key of tx.reads.keys()) keys.add(key);
    for (const key of tx.writes.keys()) keys.add(key);
  }
  const missing = [...keys].filter((key) => !job.pre.has(key) && !txs.some((tx) => tx.writes.has(key)));
  if (missing.length > 0) await fetchInto(job, missing);
  const post = new Map<StateKey, StateValue>();
  for (const key of keys) post.set(key, finalValue(key));
  return post;
}
