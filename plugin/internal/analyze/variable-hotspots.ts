import { FunctionCounter } from "./function-counter.ts";
import type { Hotspot, VariableHotspot } from "./types.ts";

/** Hotspots of contracts aggregated by (contract, top-level variable): all `balances[*]` entries together. */
export function aggregateVariables(hotspots: readonly Hotspot[]): VariableHotspot[] {
  const groups = new Map<string, { entry: VariableHotspot; writers: FunctionCounter; readers: FunctionCounter }>();
  for (const hotspot of hotspots) {
    if (hotspot.contract === null) continue;
    const variable = hotspot.variable ?? "(unresolved)";
    const id = `${hotspot.contract}\u0000${variable}`;
    let group = groups.get(id);
    if (group === undefined) {
      group = {
        entry: {
          contract: hotspot.contract,
          variable,
          sourceName: null,
          line: null,
          dependencies: 0,
          byClass: { sameSender: 0, contract: 0, balance: 0 },
          keys: 0,
          writers: [],
          readers: [],
        },
        writers: new FunctionCounter(),
        readers: new FunctionCounter(),
      };
      groups.set(id, group);
    }
    const { entry } = group;
    entry.sourceName ??= hotspot.sourceName;
    entry.line ??= hotspot.line;
    entry.dependencies += hotspot.dependencies;
    entry.byClass.sameSender += hotspot.byClass.sameSender;
    entry.byClass.contract += hotspot.byClass.contract;
    entry.byClass.balance += hotspot.byClass.balance;
    entry.keys++;
    group.writers.addAll(hotspot.writers);
    group.readers.addAll(hotspot.readers);
  }
  return [...groups.values()]
    .map(({ entry, writers, readers }) => ({ ...entry, writers: writers.list(), readers: readers.list() }))
    .sort((a, b) => b.dependencies - a.dependencies || (a.contract + a.variable < b.contract + b.variable ? -1 : 1));
}
