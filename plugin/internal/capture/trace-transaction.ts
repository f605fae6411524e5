import type { Eip1193Provider } from "../rpc/index.ts";
import type { CapturedTransaction, TxLog } from "./types.ts";
import type { Prestate, PrestateDiff } from "./prestate-access.ts";
import type { StructLog } from "./balance-opcodes.ts";

import { codeReadsBalances, stepsReadBalanceOf } from "./balance-opcodes.ts";
import { type CallTrace, flattenCallTrace } from "./call-frames.ts";
import { accessSetsFromPrestate } from "./prestate-access.ts";
import { type RpcTransaction, rawTransaction } from "./raw-transaction.ts";

interface RpcReceipt {
  status: string;
  gasUsed: string;
  logs: Array<{ address: string; topics: string[]; data: string }>;
}

/**
 * Captures one mined transaction: its exact read and write sets (prestateTracer, plain and diff),
 * its call tree (callTracer) and its receipt. `beneficiary` is the block's fee recipient.
 */
export async function traceTransaction(
  provider: Eip1193Provider,
  tx: RpcTransaction,
  beneficiary: string,
): Promise<CapturedTransaction> {
  const trace = (config: object) => provider.request({ method: "debug_traceTransaction", params: [tx.hash, config] });
  // One after the other: the network answers one request at a time anyway.
  const prestate = (await trace({ tracer: "prestateTracer" })) as Prestate;
  const diff = (await trace({ tracer: "prestateTracer", tracerConfig: { diffMode: true } })) as PrestateDiff;
  const callTrace = (await trace({ tracer: "callTracer" })) as CallTrace;
  const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [tx.hash] })) as RpcReceipt;

  const calls = flattenCallTrace(callTrace);
  const explicit =
    calls.some((frame) => frame.to === beneficiary || (frame.depth > 0 && frame.from === beneficiary)) ||
    (await readsBalanceOf(provider, tx.hash, prestate, beneficiary));
  const { reads, writes } = accessSetsFromPrestate(prestate, diff, beneficiary, explicit);

  return {
    hash: tx.hash,
    index: Number(tx.transactionIndex),
    from: tx.from.toLowerCase(),
    to: tx.to === null ? null : tx.to.toLowerCase(),
    nonce: Number(tx.nonce),
    gasUsed: Number(receipt.gasUsed),
    status: Number(receipt.status) === 1 ? 1 : 0,
    raw: rawTransaction(tx),
    reads,
    writes,
    calls,
    logs: receipt.logs.map((log): TxLog => ({
      address: log.address.toLowerCase(),
      topics: log.topics,
      data: log.data,
    })),
  };
}

/** Runs the (slower) struct logger only when some touched code has a BALANCE instruction. */
async function readsBalanceOf(
  provider: Eip1193Provider,
  hash: string,
  prestate: Prestate,
  address: string,
): Promise<boolean> {
  const mayRead = Object.values(prestate).some((account) => account.code && codeReadsBalances(account.code));
  if (!mayRead) return false;
  const { structLogs } = (await provider.request({
    method: "debug_traceTransaction",
    params: [hash, { disableStorage: true, disableMemory: true }],
  })) as { structLogs: StructLog[] };
  return stepsReadBalanceOf(structLogs, address);
}
