import type { FunctionKeyWrites } from "./function-key-writes.ts";
import type { SuiteAnalysis } from "./types.ts";

import { compare, variableId, variableRef } from "./variable-ref.ts";

/** Keys shared because the callers chose the same entry, by variable. */
export function sharedByChoiceOf(chosen: readonly FunctionKeyWrites[]): SuiteAnalysis["sharedByChoice"] {
  const byVariable = new Map<string, SuiteAnalysis["sharedByChoice"][number]>();
  for (const writes of chosen) {
    const id = variableId(writes.key);
    const entry = byVariable.get(id) ?? { ...variableRef(writes.key), keys: [], functions: [] };
    if (!entry.keys.includes(writes.key.name)) entry.keys.push(writes.key.name);
    if (!entry.functions.includes(writes.function)) entry.functions.push(writes.function);
    byVariable.set(id, entry);
  }
  return [...byVariable.values()]
    .map((entry) => ({ ...entry, keys: entry.keys.sort(compare), functions: entry.functions.sort(compare) }))
    .sort((a, b) => compare(variableId(a), variableId(b)));
}
