import type { CapturedBlock, StateKey } from "../capture/types.ts";
import { BlockCandidates } from "./block-candidates.ts";
import { contractBreakdown, functionBreakdown } from "./block-breakdown.ts";
import { findBlockDependencies, type DependencyEdge } from "./block-dependencies.ts";
import type { ContractDirectory } from "./contract-directory.ts";
import { classifyDependencyKey } from "./dependency-class.ts";
import type { FunctionIdentity } from "./function-name.ts";
import type { HotspotCollector } from "./hotspot-collector.ts";
import type { KeyNamer } from "./key-namer.ts";
import { computeParallelFigures } from "./parallel-figures.ts";
import { profileTransaction, type TransactionProfile } from "./transaction-profile.ts";
import type { BlockAnalysis, KeyName, TransactionAnalysis } from "./types.ts";

export interface ScenarioState {
  directory: ContractDirectory;
  namer: KeyNamer;
  hotspots: HotspotCollector;
  /** Every function met so far, by name. */
  identities: Map<string, FunctionIdentity>;
  /** Name every transaction's read and write sets too (TransactionAnalysis.access). */
  accessNames?: boolean;
  /** When given, each block's profiles and dependency edges are kept here (the execution models reuse them). */
  blockWork?: Map<CapturedBlock, BlockWork>;
}

/** What analyzeBlock computes of a block that later stages need again. */
export interface BlockWork {
  profiles: TransactionProfile[];
  edges: DependencyEdge[];
}

/** Analyses one block: dependencies, figures (whole block, per contract, per function), named keys. */
export function analyzeBlock(block: CapturedBlock, state: ScenarioState): BlockAnalysis {
  const { directory, namer, hotspots, identities } = state;
  const txs = block.transactions;
  const profiles = txs.map((tx) => profileTransaction(tx, directory, identities));
  const edges = findBlockDependencies(txs, (key, writerFrom, readerFrom) =>
    classifyDependencyKey(key, writerFrom, readerFrom, directory.isEoa),
  );
  const { figures, criticalPath } = computeParallelFigures(
    txs.map((tx) => tx.gasUsed),
    txs.map((_, index) => index),
    edges,
  );

  state.blockWork?.set(block, { profiles, edges });
  const candidates = new BlockCandidates(txs, edges);
  const transactions: TransactionAnalysis[] = profiles.map(({ tx, contracts, functions }, index) => ({
    index,
    hash: tx.hash,
    from: tx.from,
    to: tx.to,
    gasUsed: tx.gasUsed,
    status: tx.status,
    contracts: [...contracts].sort(),
    functions: [...functions].map(([name, use]) => ({
      name,
      frames: use.frames,
      storageAddresses: [...use.storageAddresses].sort(),
      writableStorageAddresses: [...use.writableStorageAddresses].sort(),
    })),
    dependsOn: [],
  }));
  const names = new Map<StateKey, KeyName>();
  const nameOf = (key: StateKey): KeyName => {
    let name = names.get(key);
    if (name === undefined) {
      name = namer.name(key, candidates.sourceFor(key));
      names.set(key, name);
    }
    return name;
  };
  for (const edge of edges) {
    const keys = edge.keys.map((edgeKey) => {
      const name = nameOf(edgeKey.key);
      hotspots.record(block.number, edgeKey, name, profiles[edge.from], profiles[edge.to]);
      return { key: edgeKey.key, name: name.name, class: edgeKey.class };
    });
    transactions[edge.to].dependsOn.push({ tx: edge.from, keys });
  }
  if (state.accessNames === true) {
    txs.forEach((tx, index) => {
      const writes = Object.keys(tx.writes);
      const reads = Object.keys(tx.reads).filter((key) => !(key in tx.writes));
      const named = (keys: string[]) => keys.map((key) => nameOf(key).name).sort();
      transactions[index].access = { reads: named(reads), writes: named(writes) };
    });
  }

  return {
    number: block.number,
    hash: block.hash,
    figures,
    criticalPath,
    contracts: contractBreakdown(profiles, edges, directory),
    functions: functionBreakdown(profiles, edges),
    transactions,
  };
}
