import type { CatalogEntry } from "../capture/contract-catalog.ts";
import type { CapturedTransaction, CaptureResult } from "../capture/types.ts";
import type { RecordedChain } from "./connection-recording.ts";
import type { CallRecord } from "./types.ts";

import { transactionCandidateWords } from "../analyze/candidate-words.ts";
import { createContractDirectory } from "../analyze/contract-directory.ts";
import { KeyNamer } from "../analyze/key-namer.ts";
import { identifyContracts } from "../capture/identify-contracts.ts";
import { frameFunctions } from "./frame-functions.ts";
import { touchedKey } from "./touched-key.ts";

/**
 * Turns what the recorder captured into call records: every successful call (contract creations
 * excluded: deployments are set-up, not workload), its contract-state reads and writes named after
 * the storage layout. Contracts are identified per chain (each connection is its own chain: one
 * address may hold different contracts on two of them).
 */
export function buildCallRecords(chains: readonly RecordedChain[], catalog: CatalogEntry[]): CallRecord[] {
  const records: CallRecord[] = [];
  for (const chain of chains) {
    const capture: CaptureResult = {
      scenario: "tests",
      chainId: chain.chainId,
      hardfork: chain.hardfork,
      blocks: chain.blocks,
      contracts: identifyContracts(chain.blocks, catalog),
    };
    const directory = createContractDirectory(capture);
    const namer = new KeyNamer(directory);
    for (const block of chain.blocks) {
      for (const tx of block.transactions) {
        if (tx.status !== 1 || tx.to === null) continue;
        const frames = frameFunctions(tx, directory);
        const words = transactionCandidateWords(tx);
        const source = { blockWords: () => words, involvedWords: () => [{ id: tx.hash, words }] };
        const keyOf = (key: string, functions: Map<string, Set<string>>, after?: string) => {
          const address = key.slice(0, 42);
          if (key.endsWith(":code") || frames.created.has(address) || directory.groupOf(address) === null) return null;
          return touchedKey(chain.id, namer.name(key, source), tx, functions.get(address), after);
        };
        const reads = Object.entries(tx.reads).flatMap(([key, value]) => {
          const touched = keyOf(key, frames.readers);
          return touched === null ? [] : [{ ...touched, before: value }];
        });
        const writes = Object.entries(tx.writes).flatMap(([key, value]) => {
          const touched = keyOf(key, frames.writers, value);
          return touched === null ? [] : [{ ...touched, before: tx.reads[key] ?? "0x0" }];
        });
        if (reads.length === 0 && writes.length === 0) continue;
        records.push({
          order: records.length,
          chain: chain.id,
          hash: tx.hash,
          sender: tx.from,
          gasUsed: tx.gasUsed,
          timestamp: block.timestamp,
          functions: frames.functions,
          reads,
          writes,
          words: amountWords(tx),
        });
      }
    }
  }
  return records;
}

/** Values of the 32-byte words of a call's frame inputs (after the selector) and of its logs' data. */
function amountWords(tx: CapturedTransaction): string[] {
  const values = new Set<string>();
  const chunks = (hex: string, start: number) => {
    for (let i = start; i + 64 <= hex.length; i += 64)
      values.add(
        "0x" +
          (hex
            .slice(i, i + 64)
            .toLowerCase()
            .replace(/^0+/, "") || "0"),
      );
  };
  for (const frame of tx.calls) chunks(frame.input, 10);
  for (const log of tx.logs) chunks(log.data, 2);
  return [...values];
}
