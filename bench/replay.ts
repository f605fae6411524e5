/**
 * Runs a block saved by `bench/snapshot.ts` on the engine, without EDR (fast; profile with
 * `node --cpu-prof bench/replay.ts ...`):
 *
 *   node bench/replay.ts /tmp/hp/erc20-independent-2000.json [--runs 5] [--warmup 1] \
 *     [--engines seq,par2,par2d1] [--ceiling]
 *
 * The engines take turns (run 1 of each, then run 2 of each, ...) so that load from other
 * processes affects them alike. Prints each run's wall time (/re: re-executions, /fb: fell back,
 * /ser: transactions of serial call classes, then the workers' busy ms) and checks each result's
 * post-state against the saved one. Medians leave out the first `warmup` runs. `--ceiling`: also
 * the machine's ceiling for each worker count (bench/ceiling.ts). `scripts/device-scaling.sh` runs
 * it bundled on the lent 16-core machine.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

import { bytesToHex } from "@ethereumjs/util";

import type { BlockExecution, BlockJob } from "../plugin/internal/execute/index.ts";

import { measureCeiling } from "./ceiling.ts";
import { threadCpu } from "./thread-cpu.ts";
import { CodeStore, PreState, toCaptureValue } from "../plugin/internal/evm/index.ts";
import { ParallelExecutor, SequentialExecutor } from "../plugin/internal/execute/index.ts";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "5" },
    warmup: { type: "string", default: "1" },
    ceiling: { type: "boolean", default: false },
    engines: { type: "string", default: "seq,par2" },
    "batch-ms": { type: "string" },
    depth: { type: "string" },
  },
});
const chain = { chainId: 31337, hardfork: "osaka" };
const options = {
  ...(args["batch-ms"] === undefined ? {} : { targetBatchMs: Number(args["batch-ms"]) }),
  ...(args.depth === undefined ? {} : { pipelineDepth: Number(args.depth) }),
};
const warmup = Number(args.warmup);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const file of positionals) {
  const saved = JSON.parse(readFileSync(file, "utf8"));
  const makeJob = (): BlockJob => {
    const codes = new CodeStore();
    const pre = new PreState();
    for (const [key, value] of saved.pre) pre.setFromCapture(key, value, codes);
    return { env: saved.env, txs: saved.txs, pre, codes };
  };
  const expected = new Map<string, string>(saved.post);
  const check = (job: BlockJob, result: BlockExecution): number => {
    let bad = 0;
    const codeHex = (hash: string) => bytesToHex(job.codes.get(hash));
    for (const [key, value] of result.post) if (toCaptureValue(value, key, codeHex) !== expected.get(key)) bad++;
    return bad + Math.abs(result.post.size - expected.size);
  };
  console.log(`${file}: ${saved.txs.length} txs, EDR ${saved.mineMs.toFixed(0)} ms`);
  const engines = await Promise.all(
    args.engines!.split(",").map(async (name) => {
      const job = makeJob();
      // "par2": 2 workers; "par2d1": 2 workers, pipeline depth 1; "par2ns": no serial call classes.
      const [, workers, depth, noSerial] = /^par(\d+)(?:d(\d+))?(ns)?$/.exec(name) ?? ["", "0"];
      const executor =
        workers === "0"
          ? await SequentialExecutor.create(chain, job)
          : new ParallelExecutor(Number(workers), chain, {
              ...options,
              ...(depth === undefined ? {} : { pipelineDepth: Number(depth) }),
              ...(noSerial === undefined ? {} : { serialClasses: false }),
            });
      return { name, job, executor, times: [] as number[], cpu: [] as number[], notes: [] as string[] };
    }),
  );
  try {
    for (let r = 0; r < Number(args.runs); r++) {
      for (const engine of engines) {
        const cpu = process.cpuUsage();
        const threads = threadCpu();
        const result = await engine.executor.execute(engine.job);
        const used = process.cpuUsage(cpu);
        if (process.env.THREAD_CPU) {
          const deltas = [...threadCpu()]
            .map(([k, v]) => [k, v - (threads.get(k) ?? 0)] as const)
            .filter(([, v]) => v > 0);
          console.log(`    ${engine.name} threads:`, deltas.map(([k, v]) => `${k}=${v}`).join(" "));
        }
        engine.cpu.push((used.user + used.system) / 1000);
        const bad = check(engine.job, result);
        engine.times.push(result.wallMs);
        engine.notes.push(
          `${result.wallMs.toFixed(0)}${result.reexecutions.length > 0 ? `/re${result.reexecutions.length}` : ""}` +
            `${result.fellBack ? "/fb" : ""}${result.serialTxs ? `/ser${result.serialTxs}` : ""}` +
            `${bad > 0 ? `/MISMATCH${bad}` : ""}` +
            (engine.name === "seq" ? "" : `(${result.busyMs.map(Math.round).join(",")})`),
        );
      }
    }
  } finally {
    for (const engine of engines) if (engine.executor instanceof ParallelExecutor) await engine.executor.terminate();
  }
  const base = median(engines[0].times.slice(warmup));
  for (const engine of engines) {
    const m = median(engine.times.slice(warmup));
    const min = Math.min(...engine.times.slice(warmup));
    console.log(
      `  ${engine.name.padEnd(5)} median(warm) ${m.toFixed(0)} ms ×${(base / m).toFixed(2)}, ` +
        `min ${min.toFixed(0)} ms, ` +
        `process CPU min ${Math.min(...engine.cpu.slice(warmup)).toFixed(0)} ms: ${engine.notes.join(" ")}`,
    );
  }
  if (args.ceiling) {
    for (const engine of engines) {
      const workers = Number(/^par(\d+)/.exec(engine.name)?.[1] ?? 0);
      if (workers < 2) continue;
      const ceiling = await measureCeiling(makeJob(), chain, workers, Math.max(1, Number(args.runs) - warmup), warmup);
      console.log(`  ceiling ${workers} threads ×${ceiling.toFixed(2)}`);
    }
  }
}
