import type { SharedKeyFinding } from "./shared-key-findings.ts";
import type { PatternKind, SuiteHotspot } from "./types.ts";

import { compare, variableId, variableRef } from "./variable-ref.ts";

/** Which pattern names a variable when its keys show several. */
export const PATTERN_PRECEDENCE: readonly PatternKind[] = ["balance", "reserves", "accumulator", "counter", "total"];

/** Hotspot variables (most contention first), from the keys the code shares. */
export function hotspotsOf(
  findings: readonly SharedKeyFinding[],
  dependenciesByVariable: ReadonlyMap<string, number>,
): SuiteHotspot[] {
  const byVariable = new Map<
    string,
    { hotspot: SuiteHotspot; keys: Set<string>; writers: Map<string, number>; patterns: Set<PatternKind> }
  >();
  for (const { writes, pattern } of findings) {
    const id = variableId(writes.key);
    let entry = byVariable.get(id);
    if (entry === undefined) {
      const hotspot = {
        ...variableRef(writes.key),
        keys: [],
        writers: [],
        dependencies: dependenciesByVariable.get(id) ?? 0,
        pattern: null,
      };
      byVariable.set(id, (entry = { hotspot, keys: new Set(), writers: new Map(), patterns: new Set() }));
    }
    entry.keys.add(writes.key.name);
    entry.writers.set(writes.function, Math.max(entry.writers.get(writes.function) ?? 0, writes.senders.size));
    if (pattern !== null) entry.patterns.add(pattern.kind);
  }
  return [...byVariable.values()]
    .map(({ hotspot, keys, writers, patterns }) => ({
      ...hotspot,
      keys: [...keys].sort(compare),
      writers: [...writers]
        .map(([fn, senders]) => ({ function: fn, senders }))
        .sort((a, b) => b.senders - a.senders || compare(a.function, b.function)),
      pattern: PATTERN_PRECEDENCE.find((kind) => patterns.has(kind)) ?? null,
    }))
    .sort((a, b) => b.dependencies - a.dependencies || compare(variableId(a), variableId(b)));
}
