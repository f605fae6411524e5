import type {
  ExecutionModels,
  LimitingFactor,
  ModelFigures,
  ModelKeyCount,
  ShardedFunction,
} from "../analyze/models/model-types.ts";
import type { Palette } from "./ansi.ts";
import type { JsonReport } from "./json-report-types.ts";

import { MODEL_TITLES } from "../analyze/models/model-types.ts";
import { PROCESSOR_COUNTS } from "../analyze/types.ts";
import { ParallelError } from "../parallel-error.ts";
import { formatCount, formatPercent, formatSpeedup, shortenHex } from "./format-figures.ts";
import { limitText, mergeKeys, plural, speedupAt, wrap } from "./terminal-models.ts";

/** Keys listed per model. */
const KEYS_SHOWN = 5;
/** Close candidates named when --explain matches nothing. */
const CANDIDATES_SHOWN = 6;

/**
 * `--explain <function>`: for each scenario whose execution models have the function, why it scores as it
 * does under each model — the speedups, what bounds them, and the variables responsible (the keys behind
 * the model's edges with their read-after-write / write-after-write / write-after-read counts, the keys
 * predicted locks missed, the contracts that pull its transactions across shards). `name` is the full
 * name ("Token.transfer(address,uint256)") or, when only one function has it, "Token.transfer". An unknown
 * or ambiguous name throws one ParallelError line with the candidates.
 */
export function explainFunction(report: JsonReport, name: string, palette: Palette): string {
  const scenarios = report.scenarios.flatMap((s) => (s.models === undefined ? [] : [{ ...s, models: s.models }]));
  if (scenarios.length === 0) throw new ParallelError(`--explain ${name}: the report has no execution models`);
  const all = [...new Set(scenarios.flatMap(({ models }) => functionNames(models)))].sort();
  const full = resolveName(name.trim(), all);
  const parts = scenarios
    .filter(({ models }) => functionNames(models).includes(full))
    .map(({ scenario, models }) => explainIn(scenario, models, full, palette));
  return parts.join("\n\n");
}

function functionNames(models: ExecutionModels): string[] {
  return [
    ...models.functions.map((f) => f.name),
    ...(models.sharded ?? []).flatMap((s) => s.functions.map((f) => f.name)),
  ];
}

/** The full name `query` stands for among `names`, or a ParallelError with the candidates. */
export function resolveName(query: string, names: readonly string[]): string {
  if (names.includes(query)) return query;
  const short = (name: string) => name.replace(/\(.*$/, "");
  const matches = query.includes("(") ? [] : names.filter((name) => short(name) === query);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new ParallelError(
      `--explain ${query} matches ${matches.length} functions, give the full name: ${matches.join(", ")}`,
    );
  }
  const close = closeCandidates(query, names);
  const hint =
    close.length > 0
      ? `close: ${close.join(", ")}`
      : `functions: ${names.slice(0, CANDIDATES_SHOWN).join(", ")}` +
        (names.length > CANDIDATES_SHOWN ? ` (+${names.length - CANDIDATES_SHOWN})` : "");
  throw new ParallelError(`--explain ${query}: no such function in the report's execution models; ${hint}`);
}

/** Names sharing the query's contract or function part, or a few edits away, closest first. */
function closeCandidates(query: string, names: readonly string[]): string[] {
  const lower = query.toLowerCase().replace(/\(.*$/, "");
  const [contract, fn] = lower.includes(".")
    ? [lower.slice(0, lower.lastIndexOf(".")), lower.slice(lower.lastIndexOf(".") + 1)]
    : ["", lower];
  const scored = names.flatMap((name) => {
    const candidate = name.toLowerCase().replace(/\(.*$/, "");
    const dot = candidate.lastIndexOf(".");
    const [c, f] = dot < 0 ? ["", candidate] : [candidate.slice(0, dot), candidate.slice(dot + 1)];
    const distance = editDistance(lower, candidate);
    const related =
      distance <= Math.max(2, Math.floor(lower.length / 3)) ||
      (fn !== "" && f === fn) ||
      (contract !== "" && c === contract) ||
      (lower.length >= 3 && candidate.includes(lower));
    return related ? [{ name, distance }] : [];
  });
  return scored
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1))
    .slice(0, CANDIDATES_SHOWN)
    .map((s) => s.name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function explainIn(scenario: string, models: ExecutionModels, name: string, palette: Palette): string {
  const named = models.functions.find((f) => f.name === name);
  const transactions = Math.max(0, ...(named?.models ?? []).map((f) => f.transactions));
  const lines = [
    palette.bold(`Explain ${shortenHex(name)}`) +
      ` in scenario ${scenario}` +
      (named === undefined ? "" : `: ${plural(transactions, "tx")}`),
  ];
  for (const figures of named?.models ?? []) lines.push(...explainGraphModel(figures, palette));
  for (const { model, reason } of models.unavailable)
    lines.push(...wrap(`${model}: not computed (${reason})`, "  ", "    "));
  if (models.sharded !== undefined && models.sharded.length > 0) {
    lines.push(`  ${palette.bold(MODEL_TITLES.sharded)}:`);
    for (const s of models.sharded) {
      const entry = s.functions.find((f) => f.name === name);
      lines.push(`    ${s.placement}, ${s.shards} shards: ${shardedLine(entry, palette)}`);
    }
  }
  return lines.join("\n");
}

function explainGraphModel(f: ModelFigures, palette: Palette): string[] {
  const speedups = PROCESSOR_COUNTS.map((k) => `S${k} ${formatSpeedup(speedupAt(f, k))}`).join(" · ");
  const lines = [`  ${palette.bold(MODEL_TITLES[f.model])}: ${speedups}`];
  const last = PROCESSOR_COUNTS[PROCESSOR_COUNTS.length - 1];
  lines.push(`    limit: ${limitRuns(f, palette)}`, `    At k = ${last}: ${limitReason(f)}`);
  lines.push(
    `    ${plural(f.dependencies, "dependency", "dependencies")}, ` +
      `${formatCount(f.dependentTransactions)} of ${plural(f.transactions, "tx")} dependent ` +
      `(${formatPercent(f.conflictRate)}); gas ${formatCount(f.totalGas)}, critical path ` +
      `${formatCount(f.criticalPathGas)}, largest tx ${formatCount(f.largestTransactionGas)}`,
  );
  const keys = mergeKeys(f.keys);
  if (keys.length === 0) lines.push(`    ${palette.dim("no key behind an edge")}`);
  else {
    lines.push("    keys behind the most edges:");
    for (const key of keys.slice(0, KEYS_SHOWN)) lines.push(`      ${keyLine(key, palette)}`);
    if (keys.length > KEYS_SHOWN) lines.push(`      ${palette.dim(`… ${keys.length - KEYS_SHOWN} more`)}`);
  }
  if (f.misses !== undefined) {
    const m = f.misses;
    lines.push(
      `    misses: ${plural(m.transactions, "tx")} declared too little and re-ran ` +
        `(${formatCount(m.wastedGas)} gas wasted, each waits for every earlier tx of its block)`,
    );
    for (const key of mergeKeys(m.keys).slice(0, KEYS_SHOWN)) {
      lines.push(
        `      ${palette.cyan(shortenHex(key.name))}${instances(key.count)}${variableOf(key)}: ` +
          `missed by ${plural(key.conflicts, "tx")}`,
      );
    }
  }
  return lines;
}

/** The limit at each k, runs of equal limits joined: "threads at k = 2–4, dependencies at k = 8–32". */
function limitRuns(f: ModelFigures, palette: Palette): string {
  const runs: Array<{ limit: LimitingFactor; from: number; to: number }> = [];
  for (const k of PROCESSOR_COUNTS) {
    const limit = f.speedups.find((s) => s.threads === k)?.limit ?? "threads";
    const last = runs[runs.length - 1];
    if (last !== undefined && last.limit === limit) last.to = k;
    else runs.push({ limit, from: k, to: k });
  }
  return runs
    .map((r) => `${limitText(r.limit, palette)} at k = ${r.from === r.to ? r.from : `${r.from}–${r.to}`}`)
    .join(", ");
}

/** Why the largest k's limit holds, in the figures' terms. */
function limitReason(f: ModelFigures): string {
  const last = PROCESSOR_COUNTS[PROCESSOR_COUNTS.length - 1];
  const limit = f.speedups.find((s) => s.threads === last)?.limit ?? "threads";
  const share = f.totalGas === 0 ? 0 : f.criticalPathGas / f.totalGas;
  const bound = f.criticalPathGas === 0 ? 1 : f.totalGas / f.criticalPathGas;
  switch (limit) {
    case "threads":
      return `enough independent work, ${formatCount(Math.round(f.totalGas / last))} gas per thread.`;
    case "dependencies":
      return (
        `a chain of dependent txs holds ${formatPercent(share)} of the gas: S ≤ ${formatSpeedup(bound)} ` +
        "whatever k; the keys below link it."
      );
    case "largest-transaction":
      return `the largest tx of each block is the critical path: S ≤ ${formatSpeedup(bound)} whatever k.`;
    case "misses":
      return `the critical path runs through re-run txs whose declaration missed a key: S ≤ ${formatSpeedup(bound)}.`;
  }
}

function keyLine(key: ModelKeyCount & { count: number }, palette: Palette): string {
  return (
    `${palette.cyan(shortenHex(key.name))}${instances(key.count)}${variableOf(key)}: ` +
    `${plural(key.conflicts, "conflict")} ` +
    `(raw ${formatCount(key.raw)}, waw ${formatCount(key.waw)}, war ${formatCount(key.war)})`
  );
}

/** Keys of one name: instances of one contract. */
function instances(count: number): string {
  return count === 1 ? "" : ` (${count} instances)`;
}

/** The key's variable, when its name says more than `Contract.variable` ("Token.balances[0x…]"). */
function variableOf(key: ModelKeyCount): string {
  if (key.variable === null) return "";
  const variable = `${key.contract === null ? "" : `${key.contract}.`}${key.variable}`;
  return variable === key.name ? "" : ` (variable ${shortenHex(variable)})`;
}

function shardedLine(entry: ShardedFunction | undefined, palette: Palette): string {
  if (entry === undefined) return palette.dim("no transaction calls it at top level");
  const pulled =
    entry.pulledBy.length === 0
      ? "no other contract pulls it across"
      : "pulled across by " +
        entry.pulledBy
          .slice(0, KEYS_SHOWN)
          .map((p) => `${palette.cyan(shortenHex(p.contract))} (${plural(p.transactions, "tx")})`)
          .join(", ") +
        (entry.pulledBy.length > KEYS_SHOWN ? ` +${entry.pulledBy.length - KEYS_SHOWN}` : "");
  return (
    `${formatCount(entry.crossShard)}/${plural(entry.transactions, "tx")} cross-shard ` +
    `(${formatPercent(entry.crossShardRate)}); ${pulled}`
  );
}
