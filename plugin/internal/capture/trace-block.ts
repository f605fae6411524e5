import type { Eip1193Provider } from "../rpc/index.ts";
import type { CapturedTransaction } from "./types.ts";
import type { CallTrace } from "./call-frames.ts";
import type { Prestate, PrestateDiff } from "./prestate-access.ts";
import type { RpcTransaction } from "./raw-transaction.ts";

import { ParallelError } from "../parallel-error.ts";
import { capturedTransaction } from "./trace-transaction.ts";

type BlockTraces<T> = Array<{ txHash?: string; result: T }>;

/**
 * Captures a block's transactions from three `debug_traceBlockByNumber` calls (prestateTracer,
 * prestateTracer in diff mode, callTracer) instead of three `debug_traceTransaction` calls per
 * transaction: the same normalisation (capturedTransaction). Undefined when the node does not
 * answer debug_traceBlockByNumber (the caller traces each transaction instead).
 */
export async function traceBlock(
  provider: Eip1193Provider,
  number: number,
  txs: RpcTransaction[],
  beneficiary: string,
): Promise<CapturedTransaction[] | undefined> {
  const trace = async <T>(config: object): Promise<BlockTraces<T> | undefined> => {
    try {
      const params = ["0x" + number.toString(16), config];
      return (await provider.request({ method: "debug_traceBlockByNumber", params })) as BlockTraces<T>;
    } catch {
      return undefined;
    }
  };
  const prestates = await trace<Prestate>({ tracer: "prestateTracer" });
  if (prestates === undefined) return undefined;
  const inOrder =
    prestates.length === txs.length && prestates.every((t, i) => (t.txHash ?? txs[i].hash) === txs[i].hash);
  if (!inOrder) return undefined;
  const diffs = await trace<PrestateDiff>({ tracer: "prestateTracer", tracerConfig: { diffMode: true } });
  const calls = await trace<CallTrace>({ tracer: "callTracer" });
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
  const captured: CapturedTransaction[] = [];
  for (const [i, tx] of txs.entries()) {
    const traces = { prestate: prestates[i].result, diff: diffs![i].result, callTrace: calls![i].result };
    captured.push(await capturedTransaction(provider, tx, beneficiary, traces));
  }
  return captured;
}
