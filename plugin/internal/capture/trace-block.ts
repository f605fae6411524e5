import type { Eip1193Provider } from "../rpc/index.ts";
import type { CapturedTransaction } from "./types.ts";
import type { CallTrace } from "./call-frames.ts";
import type { Prestate, PrestateDiff } from "./prestate-access.ts";
import type { RpcTransaction } from "./raw-transaction.ts";

import { ParallelError } from "../parallel-error.ts";
import { mapConcurrently, rpcConcurrency, rpcNotice } from "../rpc/retrying-provider.ts";
import { capturedTransaction, traceTransaction } from "./trace-transaction.ts";

type BlockTraces<T> = Array<{ txHash?: string; result: T }>;

/** Providers whose node lacks debug_traceBlockByNumber (found once, not asked again). */
const noBlockTracer = new WeakSet<Eip1193Provider>();
/** Providers whose node lacks eth_getBlockReceipts. */
const noBlockReceipts = new WeakSet<Eip1193Provider>();

/**
 * Captures a block's transactions from three `debug_traceBlockByNumber` calls (prestateTracer,
 * prestateTracer in diff mode, callTracer, sent together) instead of three `debug_traceTransaction`
 * calls per transaction: the same normalisation (capturedTransaction). The receipts come from one
 * `eth_getBlockReceipts` where the node has it. Where the node lacks debug_traceBlockByNumber, each
 * transaction is traced with debug_traceTransaction (one notice line says so, once). Transactions
 * are normalised `rpcConcurrency(provider)` at a time. Undefined when the node's block traces do
 * not match the block's transactions (the caller traces each transaction instead).
 */
export async function traceBlock(
  provider: Eip1193Provider,
  number: number,
  txs: RpcTransaction[],
  beneficiary: string,
): Promise<CapturedTransaction[] | undefined> {
  const width = rpcConcurrency(provider);
  const reading = await withBlockReceipts(provider, number, txs);
  const perTransaction = () => mapConcurrently(txs, width, (tx) => traceTransaction(reading, tx, beneficiary));
  if (noBlockTracer.has(provider)) return perTransaction();
  const trace = async <T>(config: object): Promise<BlockTraces<T> | undefined> => {
    try {
      const params = ["0x" + number.toString(16), config];
      return (await provider.request({ method: "debug_traceBlockByNumber", params })) as BlockTraces<T>;
    } catch (error) {
      if (error instanceof ParallelError) throw error;
      return undefined;
    }
  };
  const [prestates, diffs, calls] = await Promise.all([
    trace<Prestate>({ tracer: "prestateTracer" }),
    trace<PrestateDiff>({ tracer: "prestateTracer", tracerConfig: { diffMode: true } }),
    trace<CallTrace>({ tracer: "callTracer" }),
  ]);
  if (prestates === undefined) {
    noBlockTracer.add(provider);
    rpcNotice(
      provider,
      (network) =>
        `${network}: the node has no debug_traceBlockByNumber; ` +
        `tracing each transaction with debug_traceTransaction (slower)`,
    );
    return perTransaction();
  }
  const inOrder =
    prestates.length === txs.length && prestates.every((t, i) => (t.txHash ?? txs[i].hash) === txs[i].hash);
  if (!inOrder) return undefined;
  for (const [tracer, traces] of [
    ["prestateTracer (diffMode)", diffs],
    ["callTracer", calls],
  ] as const) {
    if (traces === undefined || traces.length !== txs.length) {
      throw new ParallelError(
        `block ${number}: the node's debug_traceBlockByNumber answers prestateTracer but not ${tracer} ` +
          `for every transaction: parallel-report needs prestateTracer (plain and diffMode) and callTracer`,
      );
    }
  }
  return mapConcurrently(txs, width, (tx, i) => {
    const traces = { prestate: prestates[i].result, diff: diffs![i].result, callTrace: calls![i].result };
    return capturedTransaction(reading, tx, beneficiary, traces);
  });
}

/**
 * `provider`, answering eth_getTransactionReceipt for the block's transactions from one
 * eth_getBlockReceipts (one request instead of one a transaction); `provider` itself where the
 * node lacks it or its answer does not hold every transaction.
 */
async function withBlockReceipts(
  provider: Eip1193Provider,
  number: number,
  txs: RpcTransaction[],
): Promise<Eip1193Provider> {
  if (noBlockReceipts.has(provider) || txs.length < 2) return provider;
  let receipts: Array<{ transactionHash?: string }> | null;
  try {
    const params = ["0x" + number.toString(16)];
    receipts = (await provider.request({ method: "eth_getBlockReceipts", params })) as typeof receipts;
  } catch (error) {
    if (error instanceof ParallelError) throw error;
    noBlockReceipts.add(provider);
    return provider;
  }
  const byHash = new Map((receipts ?? []).map((receipt) => [receipt.transactionHash?.toLowerCase(), receipt]));
  if (!txs.every((tx) => byHash.has(tx.hash.toLowerCase()))) return provider;
  return {
    request: async (args) => {
      const hash = args.method === "eth_getTransactionReceipt" ? String(args.params?.[0]).toLowerCase() : undefined;
      return hash !== undefined && byHash.has(hash) ? byHash.get(hash) : provider.request(args);
    },
  };
}
