import type { Eip1193Provider } from "../rpc/index.ts";
import type { CapturedTransaction, TxLog } from "./types.ts";
import type { Prestate, PrestateDiff } from "./prestate-access.ts";
import type { StructLog } from "./balance-opcodes.ts";

import { codeReadsBalances, explicitBalanceReads, stepsReadBalanceOf } from "./balance-opcodes.ts";
import { type CallTrace, flattenCallTrace } from "./call-frames.ts";
import { accessSetsFromPrestate, creditOnlyCandidates } from "./prestate-access.ts";
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
  return capturedTransaction(provider, tx, beneficiary, { prestate, diff, callTrace });
}

/** A transaction's three tracer results (one debug_traceTransaction each, or from its block's traces). */
export interface TxTraces {
  prestate: Prestate;
  diff: PrestateDiff;
  callTrace: CallTrace;
}

/** One mined transaction from its tracer results: the receipt and, where needed, its struct logs. */
export async function capturedTransaction(
  provider: Eip1193Provider,
  tx: RpcTransaction,
  beneficiary: string,
  { prestate, diff, callTrace }: TxTraces,
): Promise<CapturedTransaction> {
  const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [tx.hash] })) as RpcReceipt;

  const calls = flattenCallTrace(callTrace);
  const from = tx.from.toLowerCase();
  const to = tx.to === null ? null : tx.to.toLowerCase();
  // The struct logger (slow) only when needed: touched code that reads balances, or a contract's
  // balance that changed (credited only, unless the steps show it observed).
  const first = accessSetsFromPrestate(prestate, diff, beneficiary, true);
  const candidates = creditOnlyCandidates(prestate, first.writes, beneficiary, from);
  const mayRead = Object.values(prestate).some((account) => account.code && codeReadsBalances(account.code));
  const steps = mayRead || candidates.size > 0 ? await structLogs(provider, tx.hash) : [];
  const explicit =
    calls.some((frame) => frame.to === beneficiary || (frame.depth > 0 && frame.from === beneficiary)) ||
    stepsReadBalanceOf(steps, beneficiary);
  const observed = explicitBalanceReads(steps, to, candidates);
  const creditOnly = new Set([...candidates].filter((address) => !observed.has(address)));
  const { reads, writes } = accessSetsFromPrestate(prestate, diff, beneficiary, explicit, creditOnly);

  return {
    hash: tx.hash,
    index: Number(tx.transactionIndex),
    from,
    to,
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

/** The struct logger's steps (without storage and memory). */
async function structLogs(provider: Eip1193Provider, hash: string): Promise<StructLog[]> {
  const { structLogs } = (await provider.request({
    method: "debug_traceTransaction",
    params: [hash, { disableStorage: true, disableMemory: true }],
  })) as { structLogs: StructLog[] };
  return structLogs;
}
