import type { CapturedBlock, StateKey } from "../capture/types.ts";
import type { BlockExecution } from "../execute/index.ts";
import type { CodeStore, StateValue } from "../evm/index.ts";

import { bytesToHex } from "@ethereumjs/util";

import { logsText } from "../capture/logs-text.ts";
import { toCaptureValue } from "../evm/index.ts";

/** One difference between two results: never hidden, always reported. */
export interface Mismatch {
  block: number;
  /** Transaction index, or null for the block's post-state. */
  tx: number | null;
  /** "status" | "gasUsed" | "logs" | "valid" | a state key. */
  key: string;
  expected: string;
  got: string;
  /** Which comparison found it, e.g. "sequential vs capture", "parallel(2) vs sequential". */
  check: string;
}

/**
 * Compares an execution with the capture: each transaction's validity, status, gas used and logs,
 * and the post-state of every key either side touched (expected: the capture's last write of the
 * key in the block, else its pre value).
 */
export function checkAgainstCapture(
  block: CapturedBlock,
  execution: BlockExecution,
  pre: ReadonlyMap<StateKey, string>,
  expectedPost: ReadonlyMap<StateKey, string>,
  codes: CodeStore,
  check: string,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const report = (tx: number | null, key: string, expected: string, got: string) =>
    mismatches.push({ block: block.number, tx, key, expected, got, check });
  block.transactions.forEach((captured, index) => {
    const ours = execution.txs[index];
    if (ours === undefined) return report(index, "valid", "executed", "not executed");
    if (!ours.valid) report(index, "valid", "included", `invalid: ${ours.error ?? "?"}`);
    if (ours.status !== captured.status) report(index, "status", String(captured.status), String(ours.status));
    if (ours.gasUsed !== captured.gasUsed) report(index, "gasUsed", String(captured.gasUsed), String(ours.gasUsed));
    const expectedLogs = logsText(captured.logs);
    const gotLogs = logsText(ours.logs);
    if (expectedLogs !== gotLogs) report(index, "logs", expectedLogs, gotLogs);
  });
  if (execution.txs.length !== block.transactions.length) {
    report(null, "transactions", String(block.transactions.length), String(execution.txs.length));
  }
  const codeHex = (hash: string) => bytesToHex(codes.get(hash));
  const keys = new Set<StateKey>([...expectedPost.keys(), ...execution.post.keys()]);
  for (const key of keys) {
    const got = execution.post.get(key);
    const expected = expectedPost.get(key) ?? pre.get(key);
    const gotHex = got === undefined ? "(not touched)" : toCaptureValue(got, key, codeHex);
    if (expected === undefined) {
      // Touched by us only, and its pre value is not in the capture: it must be unchanged.
      if (got !== undefined && execution.txs.some((tx) => tx.writes.has(key))) report(null, key, "(unchanged)", gotHex);
      continue;
    }
    if (got === undefined) {
      if (expectedPost.has(key) && expected !== pre.get(key)) report(null, key, expected, gotHex);
      continue;
    }
    if (gotHex !== expected) report(null, key, expected, gotHex);
  }
  return mismatches;
}

/** Compares two executions of the same block transaction by transaction and key by key. */
export function compareExecutions(
  blockNumber: number,
  expected: BlockExecution,
  got: BlockExecution,
  check: string,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const report = (tx: number | null, key: string, e: string, g: string) =>
    mismatches.push({ block: blockNumber, tx, key, expected: e, got: g, check });
  const n = Math.max(expected.txs.length, got.txs.length);
  for (let index = 0; index < n; index++) {
    const a = expected.txs[index];
    const b = got.txs[index];
    if (a === undefined || b === undefined) {
      report(index, "valid", a === undefined ? "absent" : "executed", b === undefined ? "absent" : "executed");
      continue;
    }
    if (a.valid !== b.valid) report(index, "valid", String(a.valid), String(b.valid));
    if (a.status !== b.status) report(index, "status", String(a.status), String(b.status));
    if (a.gasUsed !== b.gasUsed) report(index, "gasUsed", String(a.gasUsed), String(b.gasUsed));
    if (logsText(a.logs) !== logsText(b.logs)) report(index, "logs", logsText(a.logs), logsText(b.logs));
    if (a.feeDelta !== b.feeDelta) report(index, "feeDelta", String(a.feeDelta), String(b.feeDelta));
    const writeKeys = new Set([...a.writes.keys(), ...b.writes.keys()]);
    for (const key of writeKeys) {
      const x = a.writes.get(key);
      const y = b.writes.get(key);
      if (x !== y) report(index, key, valueText(x), valueText(y));
    }
  }
  const keys = new Set([...expected.post.keys(), ...got.post.keys()]);
  for (const key of keys) {
    const x = expected.post.get(key);
    const y = got.post.get(key);
    if (x !== y) report(null, key, valueText(x), valueText(y));
  }
  return mismatches;
}

function valueText(value: StateValue | undefined): string {
  if (value === undefined) return "(none)";
  return typeof value === "bigint" ? "0x" + value.toString(16) : value;
}
