/**
 * Benchmark (not a test): capture of one block by the block-production stage, engine against trace.
 *
 *   npm run bench:capture [-- --workloads erc20-independent:100,mixed-defi:1000 --txs 1000
 *                             --modes engine,trace --engine-runs 3 --trace-max 999 | --no-trace-1000]
 *
 * For each workload and block size: a fresh in-process Hardhat network; the workload's
 * transactions (bench/workloads.ts) are sent with automine off, and a snapshot is taken. Then, for
 * each capture mode, `BlockProduction.mine()` mines them as one block and captures it, timed
 * (mining included), each run from the snapshot (reverting brings the pending transactions back,
 * so every mode captures the same block: same pre-state, transactions, timestamp, prevRandao):
 * - "engine": the plugin's engine runs the pending block, EDR mines it, receipts are checked;
 * - "trace": EDR mines it, then every transaction is traced (prestateTracer, callTracer); EDR
 *   re-runs the block up to each traced transaction, so this grows with the square of the size.
 * Engine capture is cheap enough to be repeated (`--engine-runs`, default 3, each with a fresh
 * BlockProduction, so each fetches its pre-state from the network); the first run and the median
 * are reported, and the ratio trace ÷ engine uses the median. Trace capture runs once.
 * Checks: engine mode captured by the engine (`capturedBy`, no `fallbackReason`); every capture
 * holds all the block's transactions; the engine's and the trace's blocks are the same (hash,
 * transaction hashes), and their captures hold the same read sets, write sets, receipts and call frames
 * (`compareCaptures`): differences are counted and the first ones printed.
 * Phases (from the RPC requests BlockProduction makes, timed by a wrapper of the provider):
 * engine = JS time before `evm_mine` outside RPC (engine run, predicted access lists, decoding),
 * state = pre-state fetched from the network, pending = reading the pending block and fixing its
 * context, mine = `evm_mine`, check = RPC after `evm_mine` (receipts, block), trace = the tracers,
 * other = the rest (JS after `evm_mine`: comparing receipts, building the captured block).
 * Results: a Markdown table on stdout and bench/capture-results.json.
 */
import type { CapturedBlock } from "../plugin/internal/capture/types.ts";
import type { CaptureDifference } from "../plugin/internal/produce/capture-compare.ts";
import type { Phases } from "./timed-provider.ts";

import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { id } from "ethers";

import { TimedProvider } from "./timed-provider.ts";
import { network } from "hardhat";

import { BlockProduction, differenceLine } from "../plugin/internal/produce/index.ts";
import { compareCaptures } from "../plugin/internal/produce/capture-compare.ts";
import { call, hex } from "../test/execute/support/rpc.ts";
import { WORKLOADS, sendPending } from "./workloads.ts";

type Mode = "engine" | "trace";

const { values: args } = parseArgs({
  options: {
    workloads: { type: "string" },
    txs: { type: "string" },
    modes: { type: "string", default: "engine,trace" },
    "engine-runs": { type: "string", default: "3" },
    "trace-max": { type: "string" },
    "no-trace-1000": { type: "boolean", default: false },
    out: { type: "string" },
  },
});

/** `name[:size]` items; an item without a size takes every `--txs` size. */
function parseCases(): Array<{ name: string; size: number }> {
  const sizes = args.txs?.split(",").map(Number);
  const items =
    args.workloads?.split(",") ??
    (sizes === undefined
      ? ["erc20-independent:100", "erc20-independent:1000", "mixed-defi:1000"]
      : ["erc20-independent", "mixed-defi"]);
  const cases = items.flatMap((item) => {
    const [name, size] = item.split(":");
    if (!WORKLOADS.some((w) => w.name === name))
      throw new Error(`unknown workload ${name} (known: ${WORKLOADS.map((w) => w.name).join(", ")})`);
    const list = size !== undefined ? [Number(size)] : (sizes ?? [1000]);
    return list.map((n) => ({ name, size: n }));
  });
  for (const { name, size } of cases)
    if (!Number.isInteger(size) || size < 1) throw new Error(`bad block size for ${name}: ${size}`);
  return cases;
}

const cases = parseCases();
const modes = args.modes.split(",") as Mode[];
for (const mode of modes)
  if (mode !== "engine" && mode !== "trace") throw new Error(`unknown mode ${mode} (engine, trace)`);
const engineRuns = Number(args["engine-runs"]);
if (!Number.isInteger(engineRuns) || engineRuns < 1) throw new Error(`bad --engine-runs ${args["engine-runs"]}`);
const traceMax = args["no-trace-1000"] ? 999 : args["trace-max"] === undefined ? Infinity : Number(args["trace-max"]);
const out = args.out ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "capture-results.json");
if (!existsSync(path.dirname(out))) throw new Error(`--out: no folder ${path.dirname(out)}`);
const largest = Math.max(...cases.map((c) => c.size));
const accounts = Array.from({ length: largest + 1 }, (_, i) => ({
  privateKey: id(`hardhat-parallel bench account ${i}`),
  balance: 10n ** 24n,
}));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface RunResult {
  ms: number;
  phases: Phases;
  requests: Record<string, number>;
}

interface ModeResult {
  mode: Mode;
  /** Every timed capture (engine: `--engine-runs`; trace: one). */
  runs: RunResult[];
  /** ms per transaction: first run, median run. */
  firstMsPerTx: number;
  medianMsPerTx: number;
  problems: string[];
  hashes: string[];
}

/** What the case's block is mined with, in every run of every mode. */
interface BlockContext {
  timestamp: number;
  prevRandao?: string;
}

interface CaseResult {
  workload: string;
  txs: number;
  /** Deploying, funding and sending the pending transactions. */
  buildMs: number;
  modes: ModeResult[];
  /** Trace ms/tx ÷ engine median ms/tx (and ÷ engine first run). */
  ratio?: number;
  ratioFirst?: number;
  differences?: number;
  differenceSample?: CaptureDifference[];
  problems: string[];
}

/**
 * One case on a fresh network: the workload's pending transactions, then every mode's capture
 * runs of the same block, each from the snapshot taken before it (EDR's snapshots hold the
 * mempool too: reverting brings the pending transactions back).
 */
async function runCase(name: string, size: number): Promise<CaseResult> {
  const workload = WORKLOADS.find((w) => w.name === name)!;
  const connection = await network.create({
    override: {
      accounts: accounts.slice(0, size + 1),
      blockGasLimit: 10_000_000_000n,
      initialBaseFeePerGas: 10n ** 9n,
    },
  });
  try {
    const rpc = connection.provider;
    const chainId = Number(await call<string>(rpc, "eth_chainId"));
    const hardfork = connection.networkConfig.type === "edr-simulated" ? String(connection.networkConfig.hardfork) : "";
    const addresses = (await call<string[]>(rpc, "eth_accounts")).map((a) => a.toLowerCase());
    process.stdout.write(`${name} ${size}: building…`);
    const buildStart = performance.now();
    const txs = await workload.build(rpc, addresses, size);
    await sendPending(rpc, txs);
    const result: CaseResult = {
      workload: name,
      txs: size,
      buildMs: Math.round(performance.now() - buildStart),
      modes: [],
      problems: [],
    };
    const { timestamp } = await call<{ timestamp: string }>(rpc, "eth_getBlockByNumber", "latest", false);
    // The pools and the lender store the timestamp: every run mines the block at the same one.
    const context: BlockContext = { timestamp: Number(timestamp) + 3600 };
    const blocks = new Map<Mode, CapturedBlock>();
    let snapshot: string | undefined;
    let first = true;
    for (const mode of modes) {
      if (mode === "trace" && size > traceMax) {
        process.stdout.write(` trace skipped (--trace-max ${traceMax})…`);
        continue;
      }
      const runs = mode === "engine" ? engineRuns : 1;
      const mr: ModeResult = { mode, runs: [], firstMsPerTx: 0, medianMsPerTx: 0, problems: [], hashes: [] };
      process.stdout.write(` ${mode}${runs > 1 ? ` ×${runs}` : ""}…`);
      for (let run = 0; run < runs; run++) {
        if (!first && !(await call<boolean>(rpc, "evm_revert", snapshot)))
          throw new Error("could not revert to the snapshot before the block");
        first = false;
        snapshot = await call<string>(rpc, "evm_snapshot");
        await call(rpc, "evm_setNextBlockTimestamp", hex(context.timestamp));
        // The engine sets prevRandao itself (keccak of the parent hash); a trace run takes the same.
        if (mode === "trace" && context.prevRandao !== undefined)
          await call(rpc, "hardhat_setPrevRandao", context.prevRandao);
        const timed = new TimedProvider(rpc);
        const fallbacks: string[] = [];
        const production = new BlockProduction(
          timed,
          { chainId, hardfork },
          { mode, verify: false, onFallback: (line) => fallbacks.push(line) },
        );
        timed.begin();
        const start = performance.now();
        await production.mine();
        const ms = performance.now() - start;
        const phases: Phases = { ...timed.phases };
        if (mode === "engine") phases.engine = timed.engineMs();
        phases.other = ms - Object.values(phases).reduce((a, b) => a + b, 0);
        mr.runs.push({ ms, phases, requests: timed.requests });
        const where = `${mode} run ${run + 1}`;
        if (production.blocks.length !== 1)
          mr.problems.push(`${where}: ${production.blocks.length} blocks captured, expected 1`);
        const block = production.blocks[0];
        if (block === undefined) continue;
        if (block.transactions.length !== size)
          mr.problems.push(`${where}: ${block.transactions.length} transactions captured, expected ${size}`);
        if (block.capturedBy !== mode) mr.problems.push(`${where}: captured by ${block.capturedBy}`);
        if (block.fallbackReason !== undefined) mr.problems.push(`${where}: fell back: ${block.fallbackReason}`);
        if (block.timestamp !== context.timestamp)
          mr.problems.push(`${where}: block timestamp ${block.timestamp}, expected ${context.timestamp}`);
        mr.problems.push(...fallbacks.map((line) => `${where}: ${line}`));
        const hashes = block.transactions.map((tx) => tx.hash);
        if (run > 0 && JSON.stringify(hashes) !== JSON.stringify(mr.hashes))
          mr.problems.push(`${where}: other transactions than run 1`);
        mr.hashes = hashes;
        blocks.set(mode, block);
        if (mode === "engine") context.prevRandao = block.prevRandao;
      }
      const perTx = mr.runs.map((r) => r.ms / size);
      mr.firstMsPerTx = perTx[0];
      mr.medianMsPerTx = median(perTx);
      result.modes.push(mr);
      result.problems.push(...mr.problems);
      process.stdout.write(` ${mr.runs.map((r) => r.ms.toFixed(0)).join(", ")} ms…`);
    }
    console.log(" done");
    const engine = result.modes.find((m) => m.mode === "engine");
    const trace = result.modes.find((m) => m.mode === "trace");
    const engineBlock = blocks.get("engine");
    const traceBlock = blocks.get("trace");
    if (engine !== undefined && trace !== undefined) {
      result.ratio = trace.medianMsPerTx / engine.medianMsPerTx;
      result.ratioFirst = trace.medianMsPerTx / engine.firstMsPerTx;
    }
    if (engineBlock !== undefined && traceBlock !== undefined) {
      for (const field of [
        "number",
        "hash",
        "timestamp",
        "beneficiary",
        "baseFeePerGas",
        "gasLimit",
        "prevRandao",
      ] as const) {
        if (engineBlock[field] !== traceBlock[field])
          result.problems.push(`block ${field}: engine ${engineBlock[field]} vs trace ${traceBlock[field]}`);
      }
      if (JSON.stringify(engine!.hashes) !== JSON.stringify(trace!.hashes))
        result.problems.push("engine and trace captured other transactions");
      const differences = compareCaptures(engineBlock, traceBlock);
      result.differences = differences.length;
      result.differenceSample = differences.slice(0, 20);
      for (const d of differences.slice(0, 10)) console.log(`  ${differenceLine(d)}`);
      if (differences.length > 10) console.log(`  … ${differences.length - 10} more capture differences`);
    }
    for (const problem of result.problems) console.log(`  PROBLEM ${problem}`);
    return result;
  } finally {
    await connection.close();
  }
}

const report: CaseResult[] = [];
for (const { name, size } of cases) report.push(await runCase(name, size));

const cpus = os.availableParallelism();
const fmt = (x: number | undefined, digits: number) => (x === undefined ? "" : x.toFixed(digits));
const phaseText = (phases: Phases, size: number) =>
  ["engine", "state", "pending", "mine", "check", "trace", "other"]
    .filter((p) => phases[p] !== undefined)
    .map((p) => `${p} ${((phases[p] * 1000) / size).toFixed(0)}`)
    .join(", ");
console.log(
  `\nCapture of one block by BlockProduction.mine() (mining included), one fresh network per workload, both modes on the same block; engine: median of ${engineRuns} runs; ${cpus} CPUs (${
    os.cpus()[0]?.model ?? "?"
  })\n`,
);
console.log(
  "| workload | txs | mode | capture ms | ms/tx | first run ms/tx | trace ÷ engine | phases µs/tx (median run) | capture differences | checks |",
);
console.log("|---|---:|---|---:|---:|---:|---:|---|---:|---|");
for (const r of report) {
  for (const m of r.modes) {
    const mid = m.runs.map((run) => run.ms).sort((a, b) => a - b)[Math.floor(m.runs.length / 2)];
    const medianRun = m.runs.find((run) => run.ms === mid)!;
    const cells = [
      r.workload,
      String(r.txs),
      m.mode,
      mid.toFixed(0),
      fmt(m.medianMsPerTx, 3),
      m.mode === "engine" ? fmt(m.firstMsPerTx, 3) : "",
      m.mode === "trace" ? `×${fmt(r.ratio, 1)}` : "",
      phaseText(medianRun.phases, r.txs),
      m.mode === "trace" ? String(r.differences ?? "") : "",
      m.problems.length === 0 ? "ok" : `${m.problems.length} problems`,
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
  if (modes.includes("trace") && r.modes.every((m) => m.mode !== "trace"))
    console.log(`| ${r.workload} | ${r.txs} | trace | (skipped) | | | | | | |`);
}
const problems = report.reduce((n, r) => n + r.problems.length, 0);
const differences = report.reduce((n, r) => n + (r.differences ?? 0), 0);
console.log(`\nproblems: ${problems}, capture differences (engine vs trace): ${differences}`);
writeFileSync(
  out,
  JSON.stringify(
    { date: new Date().toISOString(), machine: { cpus, model: os.cpus()[0]?.model }, engineRuns, cases: report },
    null,
    2,
  ),
);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
if (problems > 0 || differences > 0) process.exitCode = 1;
