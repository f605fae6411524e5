/**
 * Long differential fuzz run (not part of `npm test`): seeded random blocks mined by EDR, each run
 * sequentially and on parallel executors, every result compared with EDR's and the sequential one.
 *
 *   npm run fuzz -- --blocks 10000 [--seed N] [--workers 1,2,4] [--max-txs 40] [--large-every 25] [--every-pool]
 *
 * Blocks have 1..max-txs transactions; one in large-every (0: none) has 2–4 × max-txs.
 * --workers: the worker counts of the parallel executors; block i runs on the (i mod count)-th
 * pool, or on every pool with --every-pool. Progress goes to stderr, the summary to stdout; the
 * exit code is 1 when any block mismatched (each failure is printed with its reproduction line).
 */
import { parseArgs } from "node:util";

import { network } from "hardhat";

import {
  Differential,
  DifferentialTotals,
  LARGE_EVERY,
  describeFailure,
} from "../test/execute/support/differential.ts";

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n`);
  process.exit(2);
}

function positiveInt(name: string, text: string, min = 1): number {
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    fail(`--${name} must be an integer ≥ ${min}, got "${text}"`);
  }
  return Number(text);
}

let args;
try {
  args = parseArgs({
    options: {
      blocks: { type: "string", default: "1000" },
      seed: { type: "string", default: "1" },
      workers: { type: "string", default: "1,2,4" },
      "max-txs": { type: "string", default: "40" },
      "large-every": { type: "string", default: String(LARGE_EVERY) },
      "every-pool": { type: "boolean", default: false },
      "trace-every": { type: "string", default: "10" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  fail(
    `${(error as Error).message.replaceAll("\n", " ")} (usage: npm run fuzz -- --blocks N [--seed N] ` +
      "[--workers 1,2,4] [--max-txs N] [--large-every N] [--every-pool] [--trace-every N])",
  );
}
if (args.help) {
  process.stdout.write(
    "usage: npm run fuzz -- --blocks N [--seed N] [--workers 1,2,4] [--max-txs N] [--large-every N] " +
      "[--every-pool] [--trace-every N]\n",
  );
  process.exit(0);
}
const blocks = positiveInt("blocks", args.blocks);
const seed = positiveInt("seed", args.seed, 0);
const maxTxs = positiveInt("max-txs", args["max-txs"]);
const largeEvery = positiveInt("large-every", args["large-every"], 0);
const traceEvery = positiveInt("trace-every", args["trace-every"]);
const workers = args.workers.split(",").map((w) => positiveInt("workers", w.trim()));
if (new Set(workers).size !== workers.length) fail(`--workers lists a count twice: "${args.workers}"`);
if (seed > 0xffffffff) fail(`--seed must be below 2^32, got "${args.seed}"`);

const config = { seed, workers, maxTxs, largeEvery, everyPoolEachBlock: args["every-pool"], traceEvery };
const start = performance.now();
const { provider } = await network.create();
const differential = await Differential.start(provider, config);
const totals = new DifferentialTotals();
const elapsed = () => ((performance.now() - start) / 1000).toFixed(0) + " s";
process.stderr.write(
  `fuzz: seed ${seed}, ${blocks} blocks, workers ${workers.join(",")}, max ${maxTxs} txs, ` +
    `one large block in ${largeEvery || "none"}, ` +
    `trace capture compared on one block in ${traceEvery}\n`,
);
try {
  for (let i = 0; i < blocks; i++) {
    const outcome = await differential.next();
    totals.add(outcome);
    if (outcome.mismatches.length > 0) process.stderr.write(describeFailure(config, outcome) + "\n");
    if ((i + 1) % 100 === 0 || i + 1 === blocks) {
      process.stderr.write(
        `fuzz: ${i + 1}/${blocks} blocks, ${totals.txs} txs, ${totals.reexecutions} re-executions, ` +
          `${totals.mismatches} mismatches, ${elapsed()}\n`,
      );
    }
  }
} finally {
  await differential.close();
}
const rare = totals.rareKinds(1);
process.stdout.write(`${totals.summary()}\ntotal time ${elapsed()}\n`);
if (rare.length > 0) process.stdout.write(`kinds never sent: ${rare.join(", ")}\n`);
if (totals.failures.length > 0) {
  process.stdout.write(`\n${totals.failures.length} blocks mismatched:\n`);
  for (const outcome of totals.failures) process.stdout.write(describeFailure(config, outcome) + "\n");
  process.exit(1);
}
process.exit(0);
