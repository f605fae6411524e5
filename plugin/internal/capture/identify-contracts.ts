import type { CapturedBlock, ContractMetadata } from "./types.ts";
import type { CatalogEntry } from "./contract-catalog.ts";

import { maskBytecode, stripHex } from "./contract-catalog.ts";

/**
 * Names every contract the captured transactions touched by matching its runtime code (read in the
 * access sets) against the project's artifacts, immutables and library links masked.
 * Contracts of unknown code are left out (reports show their address).
 */
export function identifyContracts(blocks: CapturedBlock[], catalog: CatalogEntry[]): Record<string, ContractMetadata> {
  const byLength = new Map<number, CatalogEntry[]>();
  for (const entry of catalog) {
    const list = byLength.get(entry.deployedBytecode.length) ?? [];
    list.push(entry);
    byLength.set(entry.deployedBytecode.length, list);
  }
  const contracts: Record<string, ContractMetadata> = {};
  for (const [address, code] of touchedCode(blocks)) {
    const hex = stripHex(code);
    const entry = byLength
      .get(hex.length)
      ?.find((candidate) => maskBytecode(hex, candidate.maskedRanges) === candidate.deployedBytecode);
    if (entry === undefined) continue;
    contracts[address] = {
      address,
      name: entry.name,
      sourceName: entry.sourceName,
      functions: entry.functions,
      storage: entry.storage,
      storageTypes: entry.storageTypes,
    };
  }
  return contracts;
}

/** The latest non-empty code seen for each address (reads before, writes after). */
function touchedCode(blocks: CapturedBlock[]): Map<string, string> {
  const code = new Map<string, string>();
  const note = (key: string, value: string) => {
    if (key.endsWith(":code") && value !== "0x") code.set(key.slice(0, -5), value);
  };
  for (const block of blocks) {
    for (const tx of block.transactions) {
      for (const [key, value] of Object.entries(tx.reads)) note(key, value);
      for (const [key, value] of Object.entries(tx.writes)) note(key, value);
    }
  }
  return code;
}
