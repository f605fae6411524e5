import type { CaptureResult, StateKey } from "../capture/types.ts";
import { AccessListCollector } from "./access-list.ts";
import { BlockCandidates } from "./block-candidates.ts";
import type { ContractDirectory } from "./contract-directory.ts";
import type { KeyNamer } from "./key-namer.ts";
import type { PredictedAccessAnalysis } from "./predicted-access-types.ts";
import { tallyBlockPredictions, type PredictionScopes } from "./predicted-block.ts";
import { PredictionTallies, PredictionTally } from "./predicted-tally.ts";
import { profileTransaction } from "./transaction-profile.ts";

/**
 * Predicted against real access (engine capture, `CapturedTransaction.predicted`): per scenario,
 * contract group and function, how many transactions' predicted sets held every key they accessed,
 * the keys missed, the dependencies a scheduler following the predicted sets would miss or add; and
 * per top-level function the EIP-2930 access list to declare. Only blocks whose transactions all have
 * predicted sets are analysed; undefined when no transaction has one. Keys are named with `namer`
 * (shared with the rest of the analysis) after the storage layout. Pure: no I/O.
 */
export function analyzePredictedAccess(
  capture: CaptureResult,
  directory: ContractDirectory,
  namer: KeyNamer,
): PredictedAccessAnalysis | undefined {
  const withPredictions = capture.blocks.filter((block) => block.transactions.some((tx) => tx.predicted !== undefined));
  if (withPredictions.length === 0) return undefined;
  const blocks = withPredictions.filter((block) => block.transactions.every((tx) => tx.predicted !== undefined));
  const scopes: PredictionScopes = {
    summary: new PredictionTally(),
    contracts: new PredictionTallies(),
    functions: new PredictionTallies(),
  };
  const accessLists = new AccessListCollector(directory);
  for (const block of blocks) {
    const candidates = new BlockCandidates(block.transactions, []);
    const profiles = block.transactions.map((tx) => profileTransaction(tx, directory, new Map()));
    tallyBlockPredictions(block, profiles, directory, scopes, (key, involved) => {
      namer.name(key, candidates.sourceForTransactions(involved));
    });
    profiles.forEach((profile, index) => {
      const source = candidates.sourceForTransactions([index]);
      accessLists.add(profile, block.beneficiary, (key) => namer.name(key, source));
    });
  }
  // Varying keys are named here, after every block; a slot left unresolved in an early block may have
  // been named in a later one: the latest names are used throughout.
  const lists = accessLists.lists();
  const nameOf = (key: StateKey) => namer.latest(key)!;
  return {
    blocks: blocks.length,
    partialBlocks: withPredictions.length - blocks.length,
    summary: scopes.summary.figures(nameOf),
    contracts: scopes.contracts.list(nameOf),
    functions: scopes.functions.list(nameOf),
    accessLists: lists,
  };
}
