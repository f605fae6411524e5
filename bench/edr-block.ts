import type { Mismatch } from "../plugin/internal/replay/index.ts";
import type { BlockExecution, BlockJob } from "../plugin/internal/execute/index.ts";
import type { RpcTransaction } from "../plugin/internal/capture/raw-transaction.ts";
import type { Rpc } from "../test/execute/support/rpc.ts";

import { bytesToHex } from "@ethereumjs/util";

import { rawTransaction } from "../plugin/internal/capture/raw-transaction.ts";
import { CodeStore, PreState, fetchState, toCaptureValue } from "../plugin/internal/evm/index.ts";
import { call, hex } from "../test/execute/support/rpc.ts";

/**
 * A job for a mined block without tracing it (tracing a 2,000-transaction block costs minutes: EDR
 * replays the block up to each traced transaction): the pre-state is fetched from the network at
 * the parent block as execution asks for it (the first, untimed run).
 */
export async function jobFromMinedBlock(rpc: Rpc, number: number): Promise<BlockJob> {
  const block = await call<{
    timestamp: string;
    miner: string;
    baseFeePerGas: string;
    gasLimit: string;
    mixHash: string;
    parentHash: string;
    transactions: RpcTransaction[];
  }>(rpc, "eth_getBlockByNumber", hex(number), true);
  return {
    env: {
      number,
      timestamp: Number(block.timestamp),
      beneficiary: block.miner.toLowerCase(),
      baseFeePerGas: block.baseFeePerGas,
      gasLimit: block.gasLimit,
      prevRandao: block.mixHash,
      parentHash: block.parentHash,
    },
    txs: block.transactions.map(rawTransaction),
    pre: new PreState(),
    codes: new CodeStore(),
    fetchMissing: (keys) => fetchState(rpc, number - 1, keys),
  };
}

/**
 * Checks an execution against what EDR produced for the block: every receipt (status, gas used,
 * logs) and the value after the block of every key the execution touched.
 */
export async function checkAgainstEdr(
  rpc: Rpc,
  job: BlockJob,
  execution: BlockExecution,
  check: string,
): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = [];
  const number = job.env.number;
  const block = await call<{ transactions: string[] }>(rpc, "eth_getBlockByNumber", hex(number), false);
  for (let index = 0; index < block.transactions.length; index++) {
    const receipt = await call<{
      status: string;
      gasUsed: string;
      logs: Array<{ address: string; topics: string[]; data: string }>;
    }>(rpc, "eth_getTransactionReceipt", block.transactions[index]);
    const ours = execution.txs[index];
    const report = (key: string, expected: string, got: string) =>
      mismatches.push({ block: number, tx: index, key, expected, got, check });
    if (ours === undefined) {
      report("valid", "executed", "not executed");
      continue;
    }
    if (String(Number(receipt.status)) !== String(ours.status))
      report("status", String(Number(receipt.status)), String(ours.status));
    if (Number(receipt.gasUsed) !== ours.gasUsed)
      report("gasUsed", String(Number(receipt.gasUsed)), String(ours.gasUsed));
    const logs = (l: Array<{ address: string; topics: string[]; data: string }>) =>
      JSON.stringify(l.map((x) => [x.address.toLowerCase(), x.topics, x.data]));
    if (logs(receipt.logs) !== logs(ours.logs)) report("logs", logs(receipt.logs), logs(ours.logs));
  }
  const keys = [...execution.post.keys()];
  const actual = await fetchState(rpc, number, keys);
  const codeHex = (hash: string) => bytesToHex(job.codes.get(hash));
  for (const [key, value] of actual) {
    const got = toCaptureValue(execution.post.get(key)!, key, codeHex);
    if (got !== value) mismatches.push({ block: number, tx: null, key, expected: value, got, check });
  }
  return mismatches;
}
