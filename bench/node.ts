/**
 * Benchmark (not a test): JSON-RPC throughput of plain `hardhat node` (interval mining) against
 * the plugin's `hardhat parallel-node`, for the same clients and the same transactions.
 *
 *   npm run bench:node [-- --transactions 10000 --clients 50 --block-time 500 --block-size <n>
 *                          --mix defi|transfers --senders-per-client 1 --seed 1 --timeout <s> --rounds 1]
 *
 * A temporary project (bench/node-project.ts: this repository's contracts, the plugin, a `node`
 * network with `mining: { auto: false, interval: <block-time> }`) is built once. Then, one node
 * after the other, each fresh: the node is started (bench/node-process.ts), `runLoad`
 * (bench/node-load.ts) deploys and funds, and `clients` senders (half HTTP, half WebSocket) send
 * `transactions` signed transactions (`--mix defi`: ERC20 transfers, swaps, vault deposits;
 * `--mix transfers`: each sender to a receiver of its own; `--senders-per-client k`: each client
 * sends for k accounts, taken in turn, so blocks hold fewer nonce chains) and poll their
 * receipts; every run is checked (one receipt per transaction, status 1, balances, nonces, the node
 * answering `eth_blockNumber` throughout), then the node is stopped with SIGINT.
 * parallel-node runs with `--block-time` (and `--block-size` when given) only when the task exists
 * (`hardhat parallel-node --help` exits 0); otherwise "parallel-node: not available".
 * Prints a table: tx/s (sent / seconds from the first send to the last receipt), blocks, average
 * transactions per block, and parallel ÷ plain. `--rounds n` measures both nodes n times in turn
 * (plain, parallel-node, plain, …: load from elsewhere hits them alike) and adds the medians of
 * tx/s and of each round's ratio. Exit code 1 when a check failed.
 */
import type { LoadResult } from "./node-load.ts";
import type { RunningNode } from "./node-process.ts";

import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { runHardhat } from "../test/helpers/fixture-project.ts";
import { blockSizeTable } from "./node-blocks.ts";
import { runLoad } from "./node-load.ts";
import { startNode } from "./node-process.ts";
import { artifactsDir, buildNodeProject, writeNodeProject } from "./node-project.ts";

const { values: args } = parseArgs({
  options: {
    transactions: { type: "string", default: "10000" },
    clients: { type: "string", default: "50" },
    "block-time": { type: "string", default: "500" },
    "block-size": { type: "string" },
    seed: { type: "string", default: "1" },
    mix: { type: "string", default: "defi" },
    "senders-per-client": { type: "string", default: "1" },
    timeout: { type: "string" },
    keep: { type: "boolean", default: false },
    rounds: { type: "string", default: "1" },
  },
});

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

const transactions = positive("transactions", args.transactions);
const clients = positive("clients", args.clients);
const blockTime = positive("block-time", args["block-time"]);
const blockSize = args["block-size"] === undefined ? undefined : positive("block-size", args["block-size"]);
const seed = positive("seed", args.seed);
const sendersPerClient = positive("senders-per-client", args["senders-per-client"]);
const rounds = positive("rounds", args.rounds);
if (args.mix !== "defi" && args.mix !== "transfers")
  throw new Error(`--mix must be defi or transfers, got ${args.mix}`);
const mix = args.mix;
// Per node: the set-up, then the load at no less than ~50 tx/s.
const timeoutMs = args.timeout === undefined ? 120_000 + transactions * 20 : positive("timeout", args.timeout) * 1000;

interface Row {
  node: string;
  /** Undefined when the node failed to start, or the load threw (`failure` says why). */
  result?: LoadResult;
  failure?: string;
  problems: string[];
  exit: string;
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

async function measure(dir: string, node: string, taskArgs: string[]): Promise<Row> {
  process.stderr.write(`${node}: starting (hardhat ${taskArgs.join(" ")})\n`);
  let running: RunningNode;
  try {
    running = await startNode(dir, taskArgs, { timeoutMs: 120_000 });
  } catch (error) {
    return { node, failure: (error as Error).message, problems: ["did not start"], exit: "-" };
  }
  let result: LoadResult | undefined;
  let failure: string | undefined;
  const problems: string[] = [];
  try {
    result = await runLoad(running.url, running.wsUrl, {
      clients,
      sendersPerClient,
      mix,
      transactions,
      seed,
      timeoutMs,
      artifactsDir: artifactsDir(dir),
    });
    problems.push(...result.errors, ...result.duplicatesOrMissing);
    const failed = [...result.receipts].filter(([, receipt]) => receipt.status !== 1);
    if (failed.length > 0) problems.push(`${failed.length} transactions failed (status 0), e.g. ${failed[0][0]}`);
    if (result.sent !== transactions) problems.push(`sent ${result.sent} of ${transactions}`);
    problems.push(...(await result.checkBalances()), ...(await result.checkNonces()));
    if (!result.answeredThroughout) problems.push(`eth_blockNumber probes failed: ${result.probe.failures.join("; ")}`);
  } catch (error) {
    failure = (error as Error).message;
    problems.push("load failed");
  }
  const stopped = await running.stop("SIGINT");
  const exit = stopped.killed ? "killed (no exit after SIGINT)" : `code ${stopped.code}, signal ${stopped.signal}`;
  const speed = result === undefined ? "failed" : `${result.tps.toFixed(0)} tx/s`;
  process.stderr.write(`${node}: ${speed}, ${problems.length} problems, stopped: ${exit}\n`);
  if (failure !== undefined) {
    failure += `\n--- ${node} stderr (end) ---\n${lastLines(stopped.stderr, 40)}`;
    failure += `\n--- ${node} stdout (end) ---\n${lastLines(stopped.stdout, 15)}`;
  } else if (node !== "plain") {
    process.stderr.write(`--- ${node}: last lines of its output ---\n${lastLines(stopped.stdout, 15)}\n`);
  }
  return { node, result, failure, problems, exit };
}

/** Medians over the rounds: each node's tx/s, and parallel ÷ plain of each round. */
function medianLine(rows: Row[]): string {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const tps = (node: string) =>
    rows.filter((row) => row.node.startsWith(`${node} `)).map((row) => row.result?.tps ?? 0);
  const plain = tps("plain");
  const parallel = tps("parallel-node");
  const ratios = parallel.map((value, i) => (plain[i] > 0 ? value / plain[i] : 0));
  if (parallel.length === 0) return `\nmedian over ${plain.length} rounds: plain ${median(plain).toFixed(0)} tx/s`;
  return (
    `\nmedian over ${plain.length} rounds: plain ${median(plain).toFixed(0)} tx/s, ` +
    `parallel-node ${median(parallel).toFixed(0)} tx/s; parallel ÷ plain per round ` +
    `${ratios.map((ratio) => ratio.toFixed(2)).join(", ")} (median ${median(ratios).toFixed(2)}×)`
  );
}

function averagePerBlock(result: LoadResult): number {
  return result.blocks.length === 0 ? 0 : result.sent / result.blocks.length;
}

const dir = writeNodeProject({ blockTimeMs: blockTime });
let sizeTable: string[] = [];
try {
  process.stderr.write(`project: ${dir}; building…\n`);
  buildNodeProject(dir);
  const rows: Row[] = [];
  const available = runHardhat(dir, ["parallel-node", "--help"]).status === 0;
  if (!available) console.log("parallel-node: not available");
  for (let round = 1; round <= rounds; round++) {
    const label = (node: string) => (rounds === 1 ? node : `${node} (round ${round})`);
    rows.push(await measure(dir, label("plain"), ["node", "--hostname", "127.0.0.1", "--port", "0"]));
    if (!available) continue;
    const sizeArgs = blockSize === undefined ? [] : ["--block-size", String(blockSize)];
    const taskArgs = ["parallel-node", "--hostname", "127.0.0.1", "--port", "0", "--block-time", String(blockTime)];
    const session = path.join(dir, "parallel-node-session.json");
    rmSync(session, { force: true });
    rows.push(await measure(dir, label("parallel-node"), [...taskArgs, ...sizeArgs, "--out", session]));
    if (existsSync(session)) sizeTable = blockSizeTable(session);
  }
  console.log(
    `\n${transactions} transactions (${mix}), ${clients} clients (half HTTP, half WebSocket) × ` +
      `${sendersPerClient} sender(s), block time ${blockTime} ms` +
      (blockSize === undefined ? "" : `, block size ${blockSize}`) +
      `, seed ${seed}\n`,
  );
  console.log("| node | tx/s | blocks | txs per block | wall s | max probe ms | vs plain | checks | exit |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---|---|");
  let plain = 0;
  for (const row of rows) {
    const r = row.result;
    if (row.node.startsWith("plain")) plain = r?.tps ?? 0;
    const checks = row.problems.length === 0 ? "ok" : `${row.problems.length} problems`;
    const cells: Array<string | number> = [row.node];
    if (r === undefined) cells.push("failed", "-", "-", "-", "-", "-");
    else {
      cells.push(r.tps.toFixed(0), r.blocks.length, averagePerBlock(r).toFixed(1), (r.wallMs / 1000).toFixed(1));
      cells.push(r.probe.maxLatencyMs.toFixed(0), plain > 0 ? `${(r.tps / plain).toFixed(2)}×` : "-");
    }
    console.log(`| ${[...cells, checks, row.exit].join(" | ")} |`);
  }
  if (rounds > 1) console.log(medianLine(rows));
  const last = rounds === 1 ? "" : " (the last round)";
  if (sizeTable.length > 0) console.log([`\nparallel-node blocks by size${last}:\n`, ...sizeTable].join("\n"));
  console.log(
    "\nSpeed figures are ratios measured in one run on this machine (client and nodes share its CPUs): " +
      "compare the nodes with each other, not with other machines.",
  );
  for (const row of rows.filter((row) => row.problems.length > 0)) {
    const first = row.problems.slice(0, 10).join("\n  ");
    console.log(`\n${row.node}: ${row.problems.length} problems, the first ones:\n  ${first}`);
    if (row.failure !== undefined) console.log(row.failure);
  }
  if (rows.some((row) => row.problems.length > 0)) process.exitCode = 1;
} finally {
  if (args.keep) process.stderr.write(`kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
