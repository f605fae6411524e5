import type { SharedKeyFinding } from "./shared-key-findings.ts";
import type { PatternKind, Suggestion, VariableRef } from "./types.ts";

import { PATTERN_PRECEDENCE } from "./hotspots.ts";
import { compare, variableId, variableRef } from "./variable-ref.ts";

/** The advice for each pattern, with its reason. */
export const ADVICE: Record<PatternKind, string> = {
  balance:
    "The contract's own ETH balance is read in the hot path (address(this).balance), so every call " +
    "depends on the ETH the previous one sent. ETH sent to a contract that never reads its balance commutes " +
    "and causes no dependency: stop reading address(this).balance in the hot path, and keep the amount in " +
    "a state variable you update (per user where you can).",
  counter:
    "A global counter written by every call makes every pair of concurrent calls collide. Keep per-user " +
    "or sharded state instead (one counter per user, or per shard picked from the caller's address), or " +
    "compute the aggregate lazily (a view over the shards, or off-chain from events).",
  total:
    "A global total updated by every call makes every pair of concurrent calls collide. Keep per-user or " +
    "sharded amounts instead, or compute the total lazily (a view over the shards, or off-chain from " +
    "events) unless the same transaction needs it.",
  accumulator:
    "An accumulator (a reward or interest index, its last-update time) written by every action makes " +
    "every pair of concurrent actions collide. Update it on read (a view computes the current value from " +
    "the stored checkpoint and the elapsed time; store it only when the rate changes), and keep per-user " +
    "checkpoints, so that ordinary actions stop writing the global value.",
  reserves:
    "AMM reserves are read and written by every swap on the pool: each swap's price depends on the " +
    "previous one, so this contention is inherent to one pool and no engine removes it. It scales only by " +
    "spreading liquidity over several pools (pairs, fee tiers) or netting swaps before they reach the pool.",
};

/**
 * One suggestion per contract and pattern: the variables showing it (a variable counts under the
 * pattern of highest precedence its keys show), the functions writing them, the evidence of the first
 * finding. Findings without a pattern give no suggestion.
 */
export function suggestionsOf(findings: readonly SharedKeyFinding[]): Suggestion[] {
  const variablePattern = new Map<string, PatternKind>();
  for (const { writes, pattern } of findings) {
    if (pattern === null) continue;
    const id = variableId(writes.key);
    const known = variablePattern.get(id);
    if (known === undefined || PATTERN_PRECEDENCE.indexOf(pattern.kind) < PATTERN_PRECEDENCE.indexOf(known)) {
      variablePattern.set(id, pattern.kind);
    }
  }
  const groups = new Map<
    string,
    { suggestion: Suggestion; variables: Map<string, VariableRef>; functions: Set<string> }
  >();
  for (const { writes, pattern } of findings) {
    const id = variableId(writes.key);
    if (pattern === null || variablePattern.get(id) !== pattern.kind) continue;
    const groupId = `${writes.key.contract}\n${pattern.kind}`;
    let group = groups.get(groupId);
    if (group === undefined) {
      const suggestion = {
        pattern: pattern.kind,
        contract: writes.key.contract,
        variables: [],
        functions: [],
        evidence: pattern.evidence,
        advice: ADVICE[pattern.kind],
      };
      groups.set(groupId, (group = { suggestion, variables: new Map(), functions: new Set() }));
    }
    group.variables.set(id, variableRef(writes.key));
    group.functions.add(writes.function);
  }
  return [...groups.values()]
    .map(({ suggestion, variables, functions }) => ({
      ...suggestion,
      variables: [...variables.values()].sort(
        (a, b) => (a.line ?? 0) - (b.line ?? 0) || compare(a.variable, b.variable),
      ),
      functions: [...functions].sort(compare),
    }))
    .sort(
      (a, b) =>
        compare(a.contract, b.contract) ||
        PATTERN_PRECEDENCE.indexOf(a.pattern) - PATTERN_PRECEDENCE.indexOf(b.pattern),
    );
}
