import type { CapturedBlock } from "../capture/types.ts";
import type { EngineBlock } from "./engine-block.ts";
import type { PendingBlock, RpcHeader } from "./pending-block.ts";

/** The CapturedBlock of a block the engine ran and EDR mined identically (checked before). */
export function engineCapturedBlock(pending: PendingBlock, run: EngineBlock, mined: RpcHeader): CapturedBlock {
  const { env } = pending;
  return {
    number: env.number,
    hash: mined.hash!,
    parentHash: env.parentHash,
    timestamp: env.timestamp,
    beneficiary: env.beneficiary,
    baseFeePerGas: env.baseFeePerGas,
    gasLimit: env.gasLimit,
    prevRandao: env.prevRandao,
    capturedBy: "engine",
    transactions: pending.txs.map((tx, index) => {
      const ours = run.txs[index];
      return {
        hash: tx.hash,
        index,
        from: tx.from,
        to: tx.to,
        nonce: tx.nonce,
        gasUsed: ours.gasUsed,
        status: ours.status,
        raw: tx.raw,
        reads: ours.access.reads,
        writes: ours.access.writes,
        calls: ours.calls,
        logs: ours.logs,
        predicted: ours.predicted,
      };
    }),
  };
}
