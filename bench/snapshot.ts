/**
 * Saves benchmark blocks for `bench/replay.ts` (fast iteration and profiling without EDR):
 *
 *   node bench/snapshot.ts --txs 2000 --out /tmp/hp [--workload erc20-independent]
 *
 * Each workload is built and mined by EDR, run once sequentially (which fetches its pre-state), and
 * written as `<out>/<workload>-<txs>.json`: header, raw transactions, pre-state (capture hex form)
 * and the sequential result's post-state (hex) to check replays against.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { bytesToHex } from "@ethereumjs/util";
import { id } from "ethers";
import { network } from "hardhat";

import { SequentialExecutor } from "../plugin/internal/execute/index.ts";
import { toCaptureValue } from "../plugin/internal/evm/index.ts";
import { jobFromMinedBlock } from "./edr-block.ts";
import { WORKLOADS, mineWithEdr } from "./workloads.ts";

const { values: args } = parseArgs({
  options: {
    txs: { type: "string", default: "2000" },
    out: { type: "string", default: "/tmp/hp" },
    workload: { type: "string" },
  },
});
const size = Number(args.txs);
const workloads =
  args.workload === undefined ? WORKLOADS : WORKLOADS.filter((w) => args.workload!.split(",").includes(w.name));
const accounts = Array.from({ length: size + 1 }, (_, i) => ({
  privateKey: id(`hardhat-parallel bench account ${i}`),
  balance: 10n ** 24n,
}));
mkdirSync(args.out!, { recursive: true });

for (const workload of workloads) {
  const connection = await network.create({
    override: { accounts, blockGasLimit: 10_000_000_000n, initialBaseFeePerGas: 10n ** 9n },
  });
  const rpc = connection.provider;
  const addresses = ((await rpc.request({ method: "eth_accounts" })) as string[]).map((a) => a.toLowerCase());
  const txs = await workload.build(rpc, addresses, size);
  const { number, mineMs } = await mineWithEdr(rpc, txs);
  const job = await jobFromMinedBlock(rpc, number);
  const sequential = await SequentialExecutor.create({ chainId: 31337, hardfork: "osaka" }, job);
  const result = await sequential.execute(job);
  const codeHex = (hash: string) => bytesToHex(job.codes.get(hash));
  const hexOf = (map: Map<string, bigint | string>) => [...map].map(([k, v]) => [k, toCaptureValue(v, k, codeHex)]);
  const file = path.join(args.out!, `${workload.name}-${size}.json`);
  writeFileSync(
    file,
    JSON.stringify({ env: job.env, txs: job.txs, mineMs, pre: hexOf(job.pre.values), post: hexOf(result.post) }),
  );
  console.log(`${file}: EDR ${mineMs.toFixed(0)} ms`);
  await connection.close();
}
