import type { VariableRef } from "./types.ts";

/** "Contract.variable". */
export function variableId(ref: VariableRef): string {
  return `${ref.contract}.${ref.variable}`;
}

/** Just the variable fields of a key or hotspot. */
export function variableRef(ref: VariableRef): VariableRef {
  return { contract: ref.contract, variable: ref.variable, sourceName: ref.sourceName, line: ref.line };
}

/** Code-point order of strings (stable across locales). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
