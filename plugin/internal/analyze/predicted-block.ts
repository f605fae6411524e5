import type { CapturedBlock, StateKey } from "../capture/types.ts";
import { missedKeys } from "./accessed-keys.ts";
import type { DependencyEdge } from "./block-dependencies.ts";
import type { ContractDirectory } from "./contract-directory.ts";
import { classifyDependencyKey } from "./dependency-class.ts";
import { compareDependencies } from "./predicted-dependencies.ts";
import type { PredictionTallies, PredictionTally } from "./predicted-tally.ts";
import type { TransactionProfile } from "./transaction-profile.ts";

/** The scopes prediction figures are kept for. */
export interface PredictionScopes {
  summary: PredictionTally;
  contracts: PredictionTallies;
  functions: PredictionTallies;
}

/** Names `key` (for the report) with the mapping-key candidates of the transactions at `involved`. */
export type NoteKey = (key: StateKey, involved: readonly number[]) => void;

/**
 * Adds one block (every transaction has `predicted`) to the scopes: each transaction's completeness
 * for the whole transaction, under its top-level function (the entry point its sender calls: access is
 * predicted or declared per transaction) and for each contract group it touches (keys at the group's
 * instances); then the real dependencies the predicted graph misses and the predicted ones that are not
 * real, under the reading transaction's top-level function and each group with a key of the edge.
 */
export function tallyBlockPredictions(
  block: CapturedBlock,
  profiles: readonly TransactionProfile[],
  directory: ContractDirectory,
  scopes: PredictionScopes,
  note: NoteKey,
): void {
  profiles.forEach((profile, index) => {
    const missed = missedKeys(profile.tx, block.beneficiary);
    for (const key of missed) note(key, [index]);
    scopes.summary.addTransaction(missed);
    for (const group of profile.contracts) {
      scopes.contracts.get(group).addTransaction(missed.filter((key) => directory.groupOf(key.slice(0, 42)) === group));
    }
    scopes.functions.get(profile.topLevel).addTransaction(missed);
  });
  const { missed, spurious } = compareDependencies(block.transactions, (key, writerFrom, readerFrom) =>
    classifyDependencyKey(key, writerFrom, readerFrom, directory.isEoa),
  );
  for (const edge of missed) tallyEdge(edge, profiles[edge.to], directory, scopes, note, "missed");
  for (const edge of spurious) tallyEdge(edge, profiles[edge.to], directory, scopes, note, "false");
}

function tallyEdge(
  edge: DependencyEdge,
  reader: TransactionProfile,
  directory: ContractDirectory,
  scopes: PredictionScopes,
  note: NoteKey,
  kind: "missed" | "false",
): void {
  const add = (tally: PredictionTally, keys: StateKey[]): void =>
    kind === "missed" ? tally.addMissedDependency(keys) : tally.addFalseDependency(keys);
  const keys = edge.keys.map(({ key }) => key);
  for (const key of keys) note(key, [edge.from, edge.to]);
  add(scopes.summary, keys);
  add(scopes.functions.get(reader.topLevel), keys);
  const byGroup = new Map<string, StateKey[]>();
  for (const key of keys) {
    const group = directory.groupOf(key.slice(0, 42));
    if (group === null) continue;
    const list = byGroup.get(group);
    if (list === undefined) byGroup.set(group, [key]);
    else list.push(key);
  }
  for (const [group, groupKeys] of byGroup) add(scopes.contracts.get(group), groupKeys);
}
