import type { ContractDirectory } from "./contract-directory.ts";
import { sumFigures } from "./figures-from-sums.ts";
import type { FunctionIdentity } from "./function-name.ts";
import type {
  BlockAnalysis,
  ContractAnalysis,
  FunctionAnalysis,
  Hotspot,
  NamedFigures,
  ParallelFigures,
} from "./types.ts";

/** Per contract group, across blocks (ratios of sums). */
export function aggregateContracts(
  blocks: readonly BlockAnalysis[],
  directory: ContractDirectory,
  hotspots: readonly Hotspot[],
): ContractAnalysis[] {
  const perBlock = collect(blocks, (block) => block.contracts);
  return sortByContention(
    [...perBlock].map(([name, list]) => {
      const addresses = directory.instancesOf(name);
      const metadata = addresses.map((a) => directory.metadataOf(a)).find((m) => m !== undefined);
      return {
        name,
        known: metadata !== undefined,
        sourceName: metadata?.sourceName ?? null,
        addresses,
        blocks: list.length,
        figures: sumFigures(list),
        topHotspot: hotspots.find((hotspot) => hotspot.contract === name)?.name ?? null,
      };
    }),
  );
}

/** Per function, across blocks (ratios of sums). */
export function aggregateFunctions(
  blocks: readonly BlockAnalysis[],
  identities: ReadonlyMap<string, FunctionIdentity>,
): FunctionAnalysis[] {
  const perBlock = collect(blocks, (block) => block.functions);
  const frames = new Map<string, number>();
  for (const block of blocks) {
    for (const tx of block.transactions) {
      for (const fn of tx.functions) frames.set(fn.name, (frames.get(fn.name) ?? 0) + fn.frames);
    }
  }
  return sortByContention(
    [...perBlock].map(([name, list]) => {
      const identity = identities.get(name)!;
      return {
        name,
        contract: identity.contract,
        selector: identity.selector,
        signature: identity.signature,
        blocks: list.length,
        frames: frames.get(name) ?? 0,
        figures: sumFigures(list),
      };
    }),
  );
}

function collect(
  blocks: readonly BlockAnalysis[],
  listOf: (block: BlockAnalysis) => readonly NamedFigures[],
): Map<string, ParallelFigures[]> {
  const perBlock = new Map<string, ParallelFigures[]>();
  for (const block of blocks) {
    for (const { name, figures } of listOf(block)) {
      const list = perBlock.get(name) ?? [];
      list.push(figures);
      perBlock.set(name, list);
    }
  }
  return perBlock;
}

/** Most dependent transactions first, then most transactions, then name. */
function sortByContention<T extends { name: string; figures: ParallelFigures }>(list: T[]): T[] {
  return list.sort(
    (a, b) =>
      b.figures.dependentTransactions - a.figures.dependentTransactions ||
      b.figures.transactions - a.figures.transactions ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}
