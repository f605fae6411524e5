import type { Eip1193Provider } from "../rpc/index.ts";
import type { EngineTx, PendingTx } from "./engine-block.ts";

import { logsText } from "../capture/logs-text.ts";

interface RpcReceipt {
  status: string;
  gasUsed: string;
  logs: Array<{ address: string; topics: string[]; data: string }>;
}

/**
 * Compares the engine's result of each transaction with EDR's receipt of it: status, gas used and
 * logs. Returns one line per difference ("tx 3 (0xab…) gasUsed: engine 51234 vs EDR 51334").
 */
export async function checkReceipts(
  provider: Eip1193Provider,
  txs: PendingTx[],
  results: EngineTx[],
): Promise<string[]> {
  const differences: string[] = [];
  // All requested at once: the network answers them in turn, without a round trip between them.
  const receipts = (await Promise.all(
    txs.map((tx) => provider.request({ method: "eth_getTransactionReceipt", params: [tx.hash] })),
  )) as RpcReceipt[];
  for (let i = 0; i < txs.length; i++) {
    const receipt = receipts[i];
    const ours = results[i];
    const differ = (field: string, engine: string, edr: string) => {
      if (engine !== edr) differences.push(`tx ${i} (${txs[i].hash}) ${field}: engine ${engine} vs EDR ${edr}`);
    };
    differ("status", String(ours.status), String(Number(receipt.status)));
    differ("gasUsed", String(ours.gasUsed), String(Number(receipt.gasUsed)));
    differ("logs", logsText(ours.logs), logsText(receipt.logs));
  }
  return differences;
}
