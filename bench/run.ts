/**
 * Benchmark (not a test): the executor against EDR on the same blocks, in one process and one run.
 *
 *   npm run bench [-- --txs 2000 --runs 5 --warmup 5 --workload erc20-independent,swaps-1-pool \
 *     --workers 1,2,4 --no-ceiling]
 *
 * For each workload: EDR mines the block (`evm_mine` of the pending transactions), then the engine
 * runs it sequentially (main thread) and on pools of 1, 2 and N workers (N = CPUs by default). The
 * first sequential run fetches the pre-state from the network and is not timed; the first (cold)
 * run of EDR and of each pool is reported apart. Then `warmup` + `runs` rounds, each running every
 * engine once in turn (EDR mines the same block again from a snapshot); the medians of the last
 * `runs` rounds are reported. Every run is checked
 * against the sequential run, and the last of each against EDR (receipts, post-state); any
 * mismatch is printed. "ceiling" is the machine's own limit for that many threads (bench/ceiling.ts):
 * independent sequential engines side by side, no coordination.
 * Results: a table on stdout and bench/results.json.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { id } from "ethers";
import { network } from "hardhat";

import type { Mismatch } from "../plugin/internal/replay/index.ts";

import { compareExecutions } from "../plugin/internal/replay/index.ts";
import { ParallelExecutor, SequentialExecutor } from "../plugin/internal/execute/index.ts";
import { measureCeiling } from "./ceiling.ts";
import { onMainThreadCpu } from "./thread-cpu.ts";
import { checkAgainstEdr, jobFromMinedBlock } from "./edr-block.ts";
import { WORKLOADS, mineWithEdr } from "./workloads.ts";

const { values: args } = parseArgs({
  options: {
    txs: { type: "string", default: "2000" },
    runs: { type: "string", default: "5" },
    warmup: { type: "string", default: "5" },
    "no-ceiling": { type: "boolean", default: false },
    workload: { type: "string" },
    workers: { type: "string" },
  },
});
const size = Number(args.txs);
const runs = Number(args.runs);
const warmup = Number(args.warmup);
const cpus = os.availableParallelism();
const workerCounts = [...new Set((args.workers ?? `1,2,${cpus}`).split(",").map(Number))];
const workloads =
  args.workload === undefined ? WORKLOADS : WORKLOADS.filter((w) => args.workload!.split(",").includes(w.name));
const chain = { chainId: 31337, hardfork: "osaka" };
const accounts = Array.from({ length: size + 1 }, (_, i) => ({
  privateKey: id(`hardhat-parallel bench account ${i}`),
  balance: 10n ** 24n,
}));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tps = (ms: number) => Math.round((size / ms) * 1000);
const usPerTx = (cpuMs: number[]) => (cpuMs.length === 0 ? undefined : Math.round((median(cpuMs) * 1000) / size));

interface EngineResult {
  engine: string;
  workers: number;
  ms: number;
  txPerSec: number;
  vsSequential: number;
  vsEdr: number;
  coldMs?: number;
  reexecutions?: number;
  fellBack?: boolean;
  busyMs?: number[];
  /** The machine's ceiling for this many threads (bench/ceiling.ts). */
  ceiling?: number;
  /**
   * Main-thread CPU per transaction (median round; Linux only): the whole engine for the sequential
   * run, the coordination for a pool. Sequential ÷ pool is the most speedup a main thread this busy
   * allows, whatever the number of cores.
   */
  mainUsPerTx?: number;
}

const report: Array<{
  workload: string;
  description: string;
  txs: number;
  results: EngineResult[];
  mismatches: Mismatch[];
}> = [];

for (const workload of workloads) {
  const connection = await network.create({
    override: { accounts, blockGasLimit: 10_000_000_000n, initialBaseFeePerGas: 10n ** 9n },
  });
  const rpc = connection.provider;
  const addresses = ((await rpc.request({ method: "eth_accounts" })) as string[]).map((a) => a.toLowerCase());
  process.stdout.write(`${workload.name}: building…`);
  const txs = await workload.build(rpc, addresses, size);
  const edr = await mineWithEdr(rpc, txs);
  const number = edr.number;
  const job = await jobFromMinedBlock(rpc, number);
  const mismatches: Mismatch[] = [];
  const results: EngineResult[] = [];

  process.stdout.write(" sequential…");
  const sequential = await SequentialExecutor.create(chain, job);
  const baseline = await sequential.execute(job); // also fetches the pre-state
  mismatches.push(...(await checkAgainstEdr(rpc, job, baseline, "sequential vs EDR")));
  const pools = workerCounts.map((workers) => ({
    workers,
    executor: new ParallelExecutor(workers, chain),
    times: [] as number[],
    main: [] as number[],
    cold: 0,
    last: baseline,
  }));
  try {
    for (const pool of pools) {
      process.stdout.write(` ${pool.workers}w cold…`);
      pool.last = await pool.executor.execute(job);
      pool.cold = pool.last.wallMs;
      mismatches.push(
        ...compareExecutions(number, baseline, pool.last, `parallel(${pool.workers}) cold vs sequential`),
      );
    }
    // Rounds interleave the engines, so that load from elsewhere affects them alike; the first
    // `warmup` rounds let the JIT settle (it takes several blocks) and are not counted.
    process.stdout.write(" rounds…");
    const seqTimes: number[] = [];
    const seqMain: number[] = [];
    const edrTimes: number[] = [];
    for (let round = 0; round < warmup + runs; round++) {
      const counted = round >= warmup;
      const edrMs = await edr.remine();
      if (counted) edrTimes.push(edrMs);
      const seq = await onMainThreadCpu(counted ? seqMain : undefined, () => sequential.execute(job));
      if (counted) seqTimes.push(seq.wallMs);
      for (const pool of pools) {
        pool.last = await onMainThreadCpu(counted ? pool.main : undefined, () => pool.executor.execute(job));
        if (counted) pool.times.push(pool.last.wallMs);
        mismatches.push(...compareExecutions(number, baseline, pool.last, `parallel(${pool.workers}) vs sequential`));
      }
    }
    const seqMs = median(seqTimes);
    const mineMs = median(edrTimes);
    results.push(
      {
        engine: "EDR evm_mine",
        workers: 1,
        ms: mineMs,
        txPerSec: tps(mineMs),
        vsSequential: seqMs / mineMs,
        vsEdr: 1,
        coldMs: edr.mineMs,
      },
      {
        engine: "sequential",
        workers: 1,
        ms: seqMs,
        txPerSec: tps(seqMs),
        vsSequential: 1,
        vsEdr: mineMs / seqMs,
        mainUsPerTx: usPerTx(seqMain),
      },
    );
    for (const pool of pools) {
      mismatches.push(...(await checkAgainstEdr(rpc, job, pool.last, `parallel(${pool.workers}) vs EDR`)));
      const ms = median(pool.times);
      results.push({
        engine: "parallel",
        workers: pool.workers,
        ms,
        txPerSec: tps(ms),
        vsSequential: seqMs / ms,
        vsEdr: mineMs / ms,
        coldMs: pool.cold,
        reexecutions: pool.last.reexecutions.length,
        fellBack: pool.last.fellBack,
        busyMs: pool.last.busyMs.map(Math.round),
        mainUsPerTx: usPerTx(pool.main),
      });
    }
  } finally {
    await Promise.all(pools.map((pool) => pool.executor.terminate()));
  }
  if (!args["no-ceiling"]) {
    for (const result of results) {
      if (result.engine !== "parallel" || result.workers < 2) continue;
      process.stdout.write(` ceiling ${result.workers}…`);
      result.ceiling = await measureCeiling(job, chain, result.workers, runs, warmup);
    }
  }
  console.log(" done");
  report.push({ workload: workload.name, description: workload.description, txs: size, results, mismatches });
  for (const m of mismatches.slice(0, 5)) console.log("  MISMATCH", JSON.stringify(m).slice(0, 300));
  await connection.close();
}

console.log(
  `\n${size} transactions per block, median of ${runs} rounds after ${warmup} warm-up rounds, ` +
    `${cpus} CPUs (${os.cpus()[0]?.model ?? "?"})\n`,
);
console.log(
  [
    "workload".padEnd(20),
    "engine".padEnd(14),
    "ms".padStart(8),
    "tx/s".padStart(8),
    "×seq".padStart(6),
    "×EDR".padStart(6),
    "cold ms".padStart(8),
    "re-exec".padStart(8),
    "ceiling".padStart(8),
    "main µs/tx".padStart(11),
    "mode",
  ].join(" "),
);
for (const { workload, results, mismatches } of report) {
  for (const r of results) {
    const engine = r.engine === "parallel" ? `parallel ${r.workers}w` : r.engine;
    console.log(
      [
        workload.padEnd(20),
        engine.padEnd(14),
        r.ms.toFixed(1).padStart(8),
        String(r.txPerSec).padStart(8),
        r.vsSequential.toFixed(2).padStart(6),
        r.vsEdr.toFixed(2).padStart(6),
        (r.coldMs === undefined ? "" : r.coldMs.toFixed(0)).padStart(8),
        (r.reexecutions === undefined ? "" : String(r.reexecutions)).padStart(8),
        (r.ceiling === undefined ? "" : `×${r.ceiling.toFixed(2)}`).padStart(8),
        (r.mainUsPerTx === undefined ? "" : String(r.mainUsPerTx)).padStart(11),
        r.fellBack ? "fell back" : "",
      ].join(" "),
    );
  }
  console.log(`${"".padEnd(20)} mismatches: ${mismatches.length}`);
}
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "results.json");
writeFileSync(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus, model: os.cpus()[0]?.model },
      txs: size,
      runs,
      warmup,
      workloads: report,
    },
    null,
    2,
  ),
);
console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
