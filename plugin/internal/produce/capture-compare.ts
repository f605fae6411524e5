import type { CallFrame, CapturedBlock } from "../capture/types.ts";

import { logsText } from "../capture/logs-text.ts";

/** One difference between engine capture and trace capture of the same transaction. */
export interface CaptureDifference {
  block: number;
  tx: number;
  hash: string;
  /** "reads" | "writes" | "calls" | "status" | "gasUsed" | "logs" | "transactions". */
  set: string;
  key: string;
  engine: string;
  trace: string;
}

const ABSENT = "(absent)";

/**
 * `--verify-capture`: compares the engine's capture of a block with EDR's traces of it,
 * transaction by transaction: every key of either read set and of either write set, with both
 * values, and the call frames. Nothing is normalised here: both captures apply the same rules
 * (capture/prestate-access.ts, produce/engine-access.ts).
 */
export function compareCaptures(engine: CapturedBlock, trace: CapturedBlock): CaptureDifference[] {
  const differences: CaptureDifference[] = [];
  if (engine.transactions.length !== trace.transactions.length) {
    const counts = [engine, trace].map((block) => String(block.transactions.length));
    differences.push({
      block: engine.number,
      tx: -1,
      hash: "",
      set: "transactions",
      key: "count",
      engine: counts[0],
      trace: counts[1],
    });
  }
  engine.transactions.forEach((ours, index) => {
    const theirs = trace.transactions[index];
    if (theirs === undefined) return;
    const differ = (set: string, key: string, a: string, b: string) => {
      if (a !== b)
        differences.push({ block: engine.number, tx: index, hash: ours.hash, set, key, engine: a, trace: b });
    };
    for (const set of ["reads", "writes"] as const) {
      const keys = new Set([...Object.keys(ours[set]), ...Object.keys(theirs[set])]);
      for (const key of [...keys].sort()) differ(set, key, ours[set][key] ?? ABSENT, theirs[set][key] ?? ABSENT);
    }
    differ("status", "status", String(ours.status), String(theirs.status));
    differ("gasUsed", "gasUsed", String(ours.gasUsed), String(theirs.gasUsed));
    differ("logs", "logs", logsText(ours.logs), logsText(theirs.logs));
    const frames = Math.max(ours.calls.length, theirs.calls.length);
    for (let i = 0; i < frames; i++)
      differ("calls", `frame ${i}`, frameText(ours.calls[i]), frameText(theirs.calls[i]));
  });
  return differences;
}

function frameText(frame: CallFrame | undefined): string {
  if (frame === undefined) return ABSENT;
  const { depth, type, from, to, storageAddress, input, value, reverted } = frame;
  return (
    `${depth} ${type} ${from}→${to} (storage ${storageAddress}) value ${value}${reverted ? " reverted" : ""} ` +
    input.slice(0, 74)
  );
}

/** One line for a difference, as printed. */
export function differenceLine(d: CaptureDifference): string {
  const where = d.tx < 0 ? `block ${d.block}` : `block ${d.block} tx ${d.tx} (${d.hash})`;
  return `CAPTURE MISMATCH ${where} ${d.set} ${d.key}: engine ${short(d.engine)} vs trace ${short(d.trace)}`;
}

function short(value: string): string {
  return value.length > 80 ? `${value.slice(0, 40)}…${value.slice(-16)} (${value.length} chars)` : value;
}
