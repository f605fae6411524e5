/**
 * The machine's own ceiling for N threads: N sequential engines on N worker threads, each running
 * the whole block, against one of them running it alone. No coordination, no shared work: the
 * throughput ratio (N × alone ÷ together) is the most any N-worker executor could reach here.
 */
import type { BlockJob } from "../plugin/internal/execute/index.ts";
import type { ChainConfig } from "../plugin/internal/evm/index.ts";

import { Worker } from "node:worker_threads";

/** What a ceiling thread needs to rebuild the job (all pre-state known: nothing to fetch). */
export interface CeilingSetup {
  chain: ChainConfig;
  env: BlockJob["env"];
  txs: string[];
  pre: Array<[string, bigint | string]>;
  codes: Array<[string, Uint8Array]>;
}

/** The thread entry next to this file (`.js` when bundled, see scripts/device-scaling.sh). */
const WORKER = new URL(`./ceiling-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

/** Median over `rounds` of N × (one thread alone) ÷ (N threads at once), after `warmup` rounds. */
export async function measureCeiling(
  job: BlockJob,
  chain: ChainConfig,
  threads: number,
  rounds: number,
  warmup: number,
): Promise<number> {
  const setup: CeilingSetup = {
    chain,
    env: job.env,
    txs: job.txs,
    pre: [...job.pre.values],
    codes: [...job.codes.entries()],
  };
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { workerData: setup }));
  const run = (worker: Worker) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => {
        worker.off("message", onMessage);
        reject(error);
      };
      const onMessage = (ms: number) => {
        worker.off("error", onError);
        resolve(ms);
      };
      worker.once("message", onMessage);
      worker.once("error", onError);
      worker.postMessage("run");
    });
  try {
    const ratios: number[] = [];
    for (let round = 0; round < warmup + rounds; round++) {
      let start = performance.now();
      await run(workers[0]);
      const alone = performance.now() - start;
      start = performance.now();
      await Promise.all(workers.map(run));
      const together = performance.now() - start;
      if (round >= warmup) ratios.push((threads * alone) / together);
    }
    return ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
