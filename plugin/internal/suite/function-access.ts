import type { FunctionKeyWrites } from "./function-key-writes.ts";
import type { CallRecord, FunctionAccess, VariableRef, WrittenVariable } from "./types.ts";

import { sharingOf } from "./function-key-writes.ts";
import { compare, variableId, variableRef } from "./variable-ref.ts";

/**
 * Per function: its calls and senders, the variables it reads (and does not write; account fields left
 * out), and the variables it writes with every written key classified shared or per-caller.
 */
export function describeFunctions(
  records: readonly CallRecord[],
  writes: ReadonlyMap<string, ReadonlyMap<string, FunctionKeyWrites>>,
): FunctionAccess[] {
  const calls = new Map<string, { calls: number; senders: Set<string>; reads: Map<string, VariableRef> }>();
  for (const record of records) {
    for (const fn of record.functions) {
      const entry = calls.get(fn) ?? { calls: 0, senders: new Set<string>(), reads: new Map<string, VariableRef>() };
      entry.calls++;
      entry.senders.add(record.sender);
      calls.set(fn, entry);
    }
    for (const read of record.reads) {
      // Every call "reads" the ETH balance and nonce of each account it touches (capture rules):
      // listing them would say nothing.
      if (read.variable === "(ETH balance)" || read.variable === "(nonce)") continue;
      for (const fn of read.functions) calls.get(fn)?.reads.set(variableId(read), variableRef(read));
    }
  }
  const result: FunctionAccess[] = [];
  for (const [fn, entry] of calls) {
    const written = new Map<string, WrittenVariable>();
    for (const keyWrites of writes.get(fn)?.values() ?? []) {
      const id = variableId(keyWrites.key);
      const variable = written.get(id) ?? { ...variableRef(keyWrites.key), keys: [], sharedKeys: 0 };
      const sharing = sharingOf(keyWrites);
      variable.keys.push({
        name: keyWrites.key.name,
        senders: keyWrites.senders.size,
        calls: keyWrites.calls.length,
        sharing,
        chosenByCaller: keyWrites.chosenByCaller,
        keyedBySender: keyWrites.keyedBySender,
      });
      if (sharing === "shared") variable.sharedKeys++;
      written.set(id, variable);
    }
    const byVariable = (a: VariableRef, b: VariableRef) => compare(variableId(a), variableId(b));
    for (const variable of written.values())
      variable.keys.sort((a, b) => b.senders - a.senders || compare(a.name, b.name));
    result.push({
      function: fn,
      contract: fn.slice(0, fn.indexOf(".")),
      calls: entry.calls,
      senders: entry.senders.size,
      reads: [...entry.reads]
        .filter(([id]) => !written.has(id))
        .map(([, ref]) => ref)
        .sort(byVariable),
      writes: [...written.values()].sort(byVariable),
    });
  }
  return result.sort((a, b) => compare(a.function, b.function));
}
