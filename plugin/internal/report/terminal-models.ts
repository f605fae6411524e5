import type {
  ExecutionModels,
  GraphModelName,
  LimitingFactor,
  ModelFigures,
  ModelKeyCount,
  NamedModelFigures,
  ShardedFigures,
} from "../analyze/models/model-types.ts";
import type { Palette } from "./ansi.ts";

import { MODEL_TITLES } from "../analyze/models/model-types.ts";
import { PROCESSOR_COUNTS } from "../analyze/types.ts";
import { formatCount, formatPercent, formatSpeedup, shortenHex } from "./format-figures.ts";
import { conflictColor, section } from "./terminal-tables.ts";

const INDENT = "    ";
/** Longest line the section writes (a longer key or function name still widens its table). */
const WIDTH = 118;

/** Column headers of the per-contract and per-function tables, one per graph model. */
const SHORT_TITLES: Record<GraphModelName, string> = {
  optimistic: "Optim.",
  "optimistic-strict": "Strict",
  bal: "BAL",
  locks: "Locks",
  "locks-predicted": "Pred.",
  "locks-exclusive": "Excl.",
};

/**
 * "Execution models" of one scenario: the speedup at every k and the limit at the largest k under each
 * graph model (with the BAL builder's cost and the misses of predicted locks), the sharded model per
 * placement and shard count, then S8 per model (and the cross-shard share at the largest shard count)
 * per contract and per function, `top` rows each by transactions.
 */
export function modelsSection(models: ExecutionModels, palette: Palette, top: number): string {
  const parts = [summaryTable(models, palette)];
  if (models.sharded !== undefined && models.sharded.length > 0) parts.push(shardedTable(models.sharded, palette));
  parts.push(scopeTable("contracts", models, palette, top), scopeTable("functions", models, palette, top));
  return parts.join("\n");
}

function summaryTable(models: ExecutionModels, palette: Palette): string {
  const last = PROCESSOR_COUNTS[PROCESSOR_COUNTS.length - 1];
  const header = ["Model", ...PROCESSOR_COUNTS.map((k) => `S${k}`), `Limit at ${last}`];
  const rows: string[][] = [];
  const notes = new Map<number, string[]>();
  for (const figures of models.summary) {
    const speedups = PROCESSOR_COUNTS.map((k) => formatSpeedup(speedupAt(figures, k)));
    rows.push([MODEL_TITLES[figures.model], ...speedups, limitText(limitAt(figures, last), palette)]);
    const extra: string[] = [];
    if (figures.model === "bal" && models.builder !== undefined) {
      const bytes = models.builder.balBytes;
      const size = bytes === null ? "BAL size unknown" : `BAL ${formatCount(bytes)} bytes`;
      extra.push(`builder: runs each block in order (${formatSpeedup(models.builder.speedup)}), publishes it, ${size}`);
    }
    if (figures.misses !== undefined) {
      const m = figures.misses;
      const keys = m.keys.length === 0 ? "" : `; missed: ${keyCounts(m.keys, palette, (k) => k.conflicts)}`;
      const color = m.transactions > 0 ? palette.red : palette.green;
      extra.push(
        `misses: ${color(plural(m.transactions, "tx"))} re-run, ${formatCount(m.wastedGas)} gas wasted${keys}`,
      );
    }
    if (extra.length > 0) notes.set(rows.length - 1, extra);
  }
  const align = ["left", ...PROCESSOR_COUNTS.map(() => "right" as const), "left"] as const;
  const title = "Execution models (speedup on k threads: Σ gas / Σ makespan)";
  const lines = section(title, header, rows, align, rows.length, palette).split("\n");
  // Notes go under their model's row (the table's first line is the title, the second the header).
  const out: string[] = [];
  lines.forEach((line, i) => {
    out.push(line);
    for (const note of notes.get(i - 2) ?? []) out.push(INDENT + "  " + palette.dim("↳ ") + note);
  });
  for (const { model, reason } of models.unavailable) {
    out.push(...wrap(`${model}: not computed (${reason})`, INDENT, INDENT + "  ").map((line) => palette.dim(line)));
  }
  return out.join("\n");
}

/** Words of `text` on lines of at most WIDTH columns, the first prefixed with `first`, the others with `rest`. */
export function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(" ")) {
    const prefix = lines.length === 0 ? first : rest;
    if (line !== prefix && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest + word;
    } else line += (line === prefix ? "" : " ") + word;
  }
  lines.push(line);
  return lines;
}

function shardedTable(sharded: readonly ShardedFigures[], palette: Palette): string {
  const header = ["Placement", "Shards", "Cross-shard", "Speedup", "Duplication", "Imbalance", "Limit"];
  const rows = sharded.map((s) => [
    s.placement,
    String(s.shards),
    conflictColor(s.crossShardRate, palette)(formatPercent(s.crossShardRate)),
    formatSpeedup(s.speedup),
    formatSpeedup(s.duplication),
    formatSpeedup(s.imbalance),
    (s.limit === "shards" ? palette.green : s.limit === "cross-shard" ? palette.red : palette.yellow)(s.limit),
  ]);
  const align = ["left", "right", "right", "right", "right", "right", "left"] as const;
  const title = "Sharded (contracts on shards; speedup = total gas / the busiest shard's gas)";
  return section(title, header, rows, align, rows.length, palette);
}

interface ScopeRow {
  name: string;
  transactions: number;
  figures?: NamedModelFigures;
  hash?: { crossShardRate: number };
  partition?: { crossShardRate: number };
}

/** One row per contract group or function: S8 under each graph model, cross-shard share per placement. */
function scopeTable(scope: "contracts" | "functions", models: ExecutionModels, palette: Palette, top: number): string {
  const graphModels = models.summary.map((f) => f.model);
  const shards = Math.max(0, ...(models.sharded ?? []).map((s) => s.shards));
  const placements = (["hash", "partition"] as const).filter((placement) =>
    (models.sharded ?? []).some((s) => s.placement === placement && s.shards === shards),
  );
  const rows = new Map<string, ScopeRow>();
  const row = (name: string): ScopeRow => {
    let found = rows.get(name);
    if (found === undefined) rows.set(name, (found = { name, transactions: 0 }));
    return found;
  };
  for (const named of models[scope]) {
    const r = row(named.name);
    r.figures = named;
    r.transactions = Math.max(r.transactions, ...named.models.map((f) => f.transactions));
  }
  for (const s of models.sharded ?? []) {
    if (s.shards !== shards) continue;
    for (const entry of s[scope]) {
      const r = row(entry.name);
      r[s.placement] = entry;
      r.transactions = Math.max(r.transactions, entry.transactions);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => b.transactions - a.transactions || compare(a.name, b.name));
  const header = [
    scope === "contracts" ? "Contract" : "Function",
    "Txs",
    ...graphModels.map((model) => SHORT_TITLES[model]),
    ...placements.map((placement) => (placement === "hash" ? `Hash@${shards}` : `Part@${shards}`)),
  ];
  const cells = sorted.slice(0, top).map((r) => [
    shortenHex(r.name),
    formatCount(r.transactions),
    ...graphModels.map((model) => {
      const figures = r.figures?.models.find((f) => f.model === model);
      return figures === undefined ? "-" : formatSpeedup(speedupAt(figures, 8));
    }),
    ...placements.map((placement) => {
      const entry = r[placement];
      return entry === undefined
        ? "-"
        : conflictColor(entry.crossShardRate, palette)(formatPercent(entry.crossShardRate));
    }),
  ]);
  const align = ["left", ...header.slice(1).map(() => "right" as const)] as const;
  const what = [
    ...(graphModels.length > 0 ? ["S8 per model"] : []),
    ...(placements.length > 0
      ? [`Hash/Part: cross-shard share at ${shards} shards${scope === "functions" ? ", top-level calls" : ""}`]
      : []),
  ].join("; ");
  const title = `Models per ${scope === "contracts" ? "contract" : "function"} (${what})`;
  return section(title, header, cells, align, sorted.length, palette);
}

export function speedupAt(figures: ModelFigures, threads: number): number {
  return figures.speedups.find((s) => s.threads === threads)?.speedup ?? 1;
}

export function limitAt(figures: ModelFigures, threads: number): LimitingFactor {
  return figures.speedups.find((s) => s.threads === threads)?.limit ?? "threads";
}

/** The limit, green when only the thread count bounds the makespan. */
export function limitText(limit: LimitingFactor, palette: Palette): string {
  const color = limit === "threads" ? palette.green : limit === "largest-transaction" ? palette.yellow : palette.red;
  return color(limit);
}

/** The two first keys (by name, see mergeKeys), `name ×count`, and how many more. */
export function keyCounts(
  keys: readonly ModelKeyCount[],
  palette: Palette,
  count: (key: ModelKeyCount) => number,
): string {
  const merged = mergeKeys(keys);
  const shown = merged.slice(0, 2).map((k) => `${palette.cyan(shortenHex(k.name))} ×${formatCount(count(k))}`);
  return shown.join(", ") + (merged.length > 2 ? palette.dim(` +${merged.length - 2}`) : "");
}

/**
 * Keys of one name summed (instances of a contract share key names: `Pair.reserve0` of every pool), with
 * the number of keys each stands for; by conflicts (descending), then name.
 */
export function mergeKeys(keys: readonly ModelKeyCount[]): Array<ModelKeyCount & { count: number }> {
  const byName = new Map<string, ModelKeyCount & { count: number }>();
  for (const key of keys) {
    const found = byName.get(key.name);
    if (found === undefined) byName.set(key.name, { ...key, count: 1 });
    else {
      found.count++;
      found.conflicts += key.conflicts;
      found.raw += key.raw;
      found.waw += key.waw;
      found.war += key.war;
    }
  }
  return [...byName.values()].sort((a, b) => b.conflicts - a.conflicts || compare(a.name, b.name));
}

export function plural(count: number, singular: string, many = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : many}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
