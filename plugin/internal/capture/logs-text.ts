import type { TxLog } from "./types.ts";

/** A transaction's logs as one comparable string (addresses, topics and data lowercased). */
export function logsText(logs: TxLog[]): string {
  return JSON.stringify(
    logs.map((log) => [log.address.toLowerCase(), log.topics.map((t) => t.toLowerCase()), log.data.toLowerCase()]),
  );
}
