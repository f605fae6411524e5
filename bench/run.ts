/**
 * Benchmark (not a test): the executor against EDR on the same blocks, in one process and one run.
 *
 *   npm run bench [-- --txs 2000 --runs 3 --workload erc20-independent,swaps-1-pool --workers 1,2,4]
 *
 * For each workload: EDR mines the block (timed: `evm_mine` of the pending transactions), then the
 * engine runs it sequentially (main thread) and on pools of 1, 2 and N workers (N = CPUs by default).
 * The first sequential run fetches the pre-state from the network and is not timed; pools are warmed
 * on the block first (the cold first run is reported too). Runs are checked against EDR (receipts,
 * post-state) and against the sequential run; any mismatch is printed.
 * Results: a table on stdout and bench/results.json.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { id } from "ethers";
import { network } from "hardhat";

import type { Mismatch } from "../plugin/internal/execute/capture-check.ts";

import { compareExecutions } from "../plugin/internal/execute/capture-check.ts";
import { ParallelExecutor } from "../plugin/internal/execute/parallel-executor.ts";
import { SequentialExecutor } from "../plugin/internal/execute/sequential-executor.ts";
import { checkAgainstEdr, jobFromMinedBlock } from "./edr-block.ts";
import { WORKLOADS, mineWithEdr } from "./workloads.ts";

const { values: args } = parseArgs({
  options: {
    txs: { type: "string", default: "2000" },
    runs: { type: "string", default: "3" },
    workload: { type: "string" },
    workers: { type: "string" },
  },
});
const size = Number(args.txs);
const runs = Number(args.runs);
const cpus = os.availableParallelism();
const workerCounts = [...new Set((args.workers ?? `1,2,${cpus}`).split(",").map(Number))];
const workloads = args.workload === undefined ? WORKLOADS : WORKLOADS.filter((w) => args.workload!.split(",").includes(w.name));
const chain = { chainId: 31337, hardfork: "osaka" };
const accounts = Array.from({ length: size + 1 }, (_, i) => ({
  privateKey: id(`hardhat-parallel bench account ${i}`),
  balance: 10n ** 24n,
}));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tps = (ms: number) => Math.round((size / ms) * 1000);

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
}

const report: Array<{ workload: string; description: string; txs: number; results: EngineResult[]; mismatches: Mismatch[] }> = [];

for (const workload of workloads) {
  const connection = await network.create({
    override: { accounts, blockGasLimit: 10_000_000_000n, initialBaseFeePerGas: 10n ** 9n },
  });
  const rpc = connection.provider;
  const addresses = ((await rpc.request({ method: "eth_accounts" })) as string[]).map((a) => a.toLowerCase());
  process.stdout.write(`${workload.name}: building…`);
  const txs = await workload.build(rpc, addresses, size);
  const { number, mineMs } = await mineWithEdr(rpc, txs);
  const job = await jobFromMinedBlock(rpc, number);
  const mismatches: Mismatch[] = [];

  process.stdout.write(" sequential…");
  const sequential = await SequentialExecutor.create(chain, job);
  const baseline = await sequential.execute(job); // warm-up; also fetches the pre-state
  mismatches.push(...(await checkAgainstEdr(rpc, job, baseline, "sequential vs EDR")));
  const seqTimes: number[] = [];
  for (let r = 0; r < runs; r++) seqTimes.push((await sequential.execute(job)).wallMs);
  const seqMs = median(seqTimes);
  const results: EngineResult[] = [
    { engine: "EDR evm_mine", workers: 1, ms: mineMs, txPerSec: tps(mineMs), vsSequential: seqMs / mineMs, vsEdr: 1 },
    { engine: "sequential", workers: 1, ms: seqMs, txPerSec: tps(seqMs), vsSequential: 1, vsEdr: mineMs / seqMs },
  ];
  for (const workers of workerCounts) {
    process.stdout.write(` ${workers}w…`);
    const parallel = new ParallelExecutor(workers, chain);
    try {
      const cold = await parallel.execute(job);
      mismatches.push(...compareExecutions(number, baseline, cold, `parallel(${workers}) cold vs sequential`));
      const times: number[] = [];
      let last = cold;
      for (let r = 0; r < runs; r++) {
        last = await parallel.execute(job);
        times.push(last.wallMs);
        mismatches.push(...compareExecutions(number, baseline, last, `parallel(${workers}) vs sequential`));
      }
      mismatches.push(...(await checkAgainstEdr(rpc, job, last, `parallel(${workers}) vs EDR`)));
      const ms = median(times);
      results.push({
        engine: "parallel",
        workers,
        ms,
        txPerSec: tps(ms),
        vsSequential: seqMs / ms,
        vsEdr: mineMs / ms,
        coldMs: cold.wallMs,
        reexecutions: last.reexecutions.length,
        fellBack: last.fellBack,
        busyMs: last.busyMs.map(Math.round),
      });
    } finally {
      await parallel.terminate();
    }
  }
  console.log(" done");
  report.push({ workload: workload.name, description: workload.description, txs: size, results, mismatches });
  for (const m of mismatches.slice(0, 5)) console.log("  MISMATCH", JSON.stringify(m).slice(0, 300));
  await connection.close();
}

console.log(`\n${size} transactions per block, median of ${runs} warm runs, ${cpus} CPUs (${os.cpus()[0]?.model ?? "?"})\n`);
console.log(
  ["workload".padEnd(20), "engine".padEnd(14), "ms".padStart(8), "tx/s".padStart(8), "×seq".padStart(6), "×EDR".padStart(6), "cold ms".padStart(8), "re-exec".padStart(8), "mode"].join(" "),
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
        r.fellBack ? "fell back" : "",
      ].join(" "),
    );
  }
  console.log(`${"".padEnd(20)} mismatches: ${mismatches.length}`);
}
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "results.json");
writeFileSync(
  out,
  JSON.stringify({ date: new Date().toISOString(), machine: { cpus, model: os.cpus()[0]?.model }, txs: size, runs, workloads: report }, null, 2),
);
console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
