/**
 * Benchmark (not a test): `parallel-report --network <http> --blocks` throughput on anvil.
 *
 *   npm run bench:network [-- --blocks 5 --txs 100 --concurrency 1,4,8 --senders 200]
 *
 * Starts anvil (the npm package's binary, on a free port of 127.0.0.1), deploys an ERC20 token
 * (contracts/Token.sol from artifacts/) and mints to `senders` unlocked accounts, then mines
 * `blocks` blocks of `txs` transactions each (automine off, the sends as JSON-RPC batches,
 * `evm_mine`): half ERC20 transfers, half ETH transfers, each sender to a receiver of its own.
 * Then, for each `--concurrency` value, the blocks are analysed as `--blocks` does
 * (reportBlocks of plugin/internal/tasks/report-blocks.ts, over Hardhat's HTTP provider: traces,
 * receipts, normalisation, analysis), timed; prints blocks/s and tx/s. anvil is stopped at the end.
 * anvil (1.7.1) re-runs a block's earlier transactions for every transaction it traces, so a
 * block's tracing grows with the square of its size: the defaults (blocks of 100) take about a
 * minute; `-- --blocks 1 --txs 1000 --concurrency 4` about 9 minutes (518 s measured, 2 cores).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { AbiCoder, Interface } from "ethers";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";

import { reportBlocks } from "../plugin/internal/tasks/report-blocks.ts";
import { REPO_ROOT } from "../test/helpers/fixture-project.ts";
import { rpc, startAnvil } from "../test/helpers/anvil-node.ts";

const { values: args } = parseArgs({
  options: {
    blocks: { type: "string", default: "5" },
    txs: { type: "string", default: "100" },
    concurrency: { type: "string", default: "1,4,8" },
    senders: { type: "string", default: "200" },
  },
});

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}
const blockCount = positive("blocks", args.blocks);
const txsPerBlock = positive("txs", args.txs);
const senderCount = positive("senders", args.senders);
const concurrencies = args.concurrency.split(",").map((value) => positive("concurrency", value));

/** One JSON-RPC batch; throws on the first error. */
async function batch(url: string, calls: Array<{ method: string; params: unknown[] }>): Promise<unknown[]> {
  const body = calls.map((call, id) => ({ jsonrpc: "2.0", id, ...call }));
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const replies = (await response.json()) as Array<{ id: number; result: unknown; error?: { message: string } }>;
  replies.sort((a, b) => a.id - b.id);
  const failed = replies.find((reply) => reply.error !== undefined);
  if (failed !== undefined) throw new Error(failed.error!.message);
  return replies.map((reply) => reply.result);
}

const { anvil, url } = await startAnvil(["--accounts", String(senderCount + 1)]);
// anvil goes with this process, however it ends (a timeout's SIGTERM, Ctrl-C).
process.on("exit", () => anvil.kill());
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));
try {
  const accounts = (await rpc(url, "eth_accounts")) as string[];
  const [deployer, ...senders] = accounts;
  const artifact = path.join(REPO_ROOT, "artifacts/contracts/Token.sol/Token.json");
  const { bytecode, abi } = JSON.parse(readFileSync(artifact, "utf8")) as { bytecode: string; abi: [] };
  const token = new Interface(abi);
  const data = bytecode + AbiCoder.defaultAbiCoder().encode(["string", "string"], ["Bench USD", "BUSD"]).slice(2);
  const deployHash = await rpc(url, "eth_sendTransaction", [{ from: deployer, data, gas: "0x1000000" }]);
  let deployed: { contractAddress: string } | null = null;
  while (deployed === null) {
    deployed = (await rpc(url, "eth_getTransactionReceipt", [deployHash])) as typeof deployed;
    if (deployed === null) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { contractAddress } = deployed;
  const mint = token.encodeFunctionData("mintBatch", [senders, 10n ** 24n]);
  await rpc(url, "eth_sendTransaction", [{ from: deployer, to: contractAddress, data: mint, gas: "0x3000000" }]);

  const mined: number[] = [];
  const setupStarted = performance.now();
  for (let b = 0; b < blockCount; b++) {
    await rpc(url, "evm_setAutomine", [false]);
    const sends = Array.from({ length: txsPerBlock }, (_, i) => {
      const from = senders[i % senders.length];
      const to = "0x" + (0x100000 + (i % senders.length)).toString(16).padStart(40, "7");
      const tx =
        i % 2 === 0
          ? { from, to: contractAddress, data: token.encodeFunctionData("transfer", [to, 10n ** 18n]), gas: "0x30000" }
          : { from, to, value: "0x1", gas: "0x5208" };
      return { method: "eth_sendTransaction", params: [tx] };
    });
    for (let i = 0; i < sends.length; i += 200) await batch(url, sends.slice(i, i + 200));
    await rpc(url, "evm_mine", [], 60_000);
    await rpc(url, "evm_setAutomine", [true]);
    const number = Number(await rpc(url, "eth_blockNumber"));
    const block = (await rpc(url, "eth_getBlockByNumber", ["0x" + number.toString(16), false])) as {
      transactions: string[];
    };
    if (block.transactions.length !== txsPerBlock) {
      throw new Error(`block ${number} holds ${block.transactions.length} transactions, not ${txsPerBlock}`);
    }
    mined.push(number);
  }
  const range = { from: mined[0], to: mined[mined.length - 1] };
  console.log(
    `anvil: ${blockCount} blocks of ${txsPerBlock} transactions (ERC20 and ETH transfers, ${senderCount} senders) ` +
      `mined in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s: blocks ${range.from}..${range.to}`,
  );

  const hre = await createHardhatRuntimeEnvironment({ networks: { anvil: { type: "http", url } } });
  console.log("\n| --rpc-concurrency | seconds | blocks/s | tx/s | conflict rate |");
  console.log("|---:|---:|---:|---:|---:|");
  for (const concurrency of concurrencies) {
    const started = performance.now();
    const { report } = await reportBlocks(hre, "anvil", range, [], { accessNames: false, rpc: { concurrency } });
    const seconds = (performance.now() - started) / 1000;
    const transactions = report.summary.transactions;
    if (transactions !== blockCount * txsPerBlock) throw new Error(`analysed ${transactions} transactions`);
    const rate = (report.summary.conflictRate * 100).toFixed(1) + " %";
    console.log(
      `| ${concurrency} | ${seconds.toFixed(2)} | ${(blockCount / seconds).toPrecision(3)} | ` +
        `${(transactions / seconds).toPrecision(3)} | ${rate} |`,
    );
  }
} finally {
  anvil.kill();
}
