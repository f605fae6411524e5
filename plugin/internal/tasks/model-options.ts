import type { JsonReport } from "../report/json-report-types.ts";

import { DEFAULT_SHARDS, MODEL_NAMES, type ModelName, type ModelOptions } from "../analyze/models/model-types.ts";
import { ParallelError } from "../parallel-error.ts";
import { createPalette } from "../report/ansi.ts";
import { explainFunction } from "../report/terminal-explain.ts";

/** The largest shard count `--shards` takes (the sharded model keeps one load per shard). */
export const MAX_SHARDS = 1024;

/**
 * `--model <names>` and `--shards <list>` as ModelOptions: every model and DEFAULT_SHARDS when not given.
 * Names are comma-separated from MODEL_NAMES (kept in that order, repeats dropped); shard counts are
 * integers from 2 to MAX_SHARDS (sorted, repeats dropped). Bad input throws one ParallelError line.
 */
export function parseModelOptions(model: string | undefined, shards: string | undefined): ModelOptions {
  return { models: parseModels(model), shards: parseShards(shards) };
}

function parseModels(value: string | undefined): ModelName[] {
  if (value === undefined) return [...MODEL_NAMES];
  const names = splitList(value);
  const valid = `valid models: ${MODEL_NAMES.join(", ")}`;
  if (names.length === 0) throw new ParallelError(`--model takes comma-separated model names (${valid})`);
  const unknown = names.filter((name) => !(MODEL_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    const list = unknown.map((name) => `"${name}"`).join(", ");
    throw new ParallelError(`--model: unknown model${unknown.length === 1 ? "" : "s"} ${list} (${valid})`);
  }
  return MODEL_NAMES.filter((name) => names.includes(name));
}

function parseShards(value: string | undefined): number[] {
  if (value === undefined) return [...DEFAULT_SHARDS];
  const parts = splitList(value);
  const counts = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
  if (parts.length === 0 || counts.some((count) => !Number.isSafeInteger(count) || count < 2 || count > MAX_SHARDS)) {
    throw new ParallelError(
      `--shards takes comma-separated shard counts, integers from 2 to ${MAX_SHARDS} (got "${value}")`,
    );
  }
  return [...new Set(counts)].sort((a, b) => a - b);
}

/** Options of the models that make no sense for `--tests` / `--script` (the suite flow has no models). */
export function checkModelOptionsForSuite(args: { model?: string; shards?: string; explain?: string }): void {
  const given = (["model", "shards", "explain"] as const).filter((name) => args[name] !== undefined);
  if (given.length > 0) {
    const options = given.map((name) => `--${name}`).join(", ");
    throw new ParallelError(
      `${options}: execution models are computed for scenarios and --blocks, not --tests/--script`,
    );
  }
}

/**
 * `--explain <function>` after the report is out: the explanation on stdout (stderr with --json, so the
 * JSON stays clean), or the failure line to add (unknown or ambiguous function).
 */
export function printExplanation(report: JsonReport, name: string, json: boolean, color: boolean): string | undefined {
  try {
    const text = explainFunction(report, name, createPalette(color));
    if (json) console.error(text);
    else console.log(`\n${text}`);
    return undefined;
  } catch (error) {
    if (!(error instanceof ParallelError)) throw error;
    return error.message;
  }
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
