import type { GateSubject } from "./gate-subject.ts";

import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { ParallelError } from "../parallel-error.ts";
import { contractKey } from "./gate-subject.ts";

/** `parallel-baseline.json`: the accepted state, committed with the project. */
export interface Baseline {
  version: 1;
  mode: "tests" | "scenarios";
  generatedAt: string;
  /** By contract key ("Name", or "scenario:Name"): the figures when the baseline was written. */
  contracts: Record<string, { score: number | null; conflictRate: number | null }>;
  /** Accepted hotspots, by id "Contract.variable" (source and line for readers; not compared). */
  hotspots: Array<{ id: string; sourceName: string | null; line: number | null }>;
}

export function baselineOf(subject: GateSubject, generatedAt: string): Baseline {
  const contracts: Baseline["contracts"] = {};
  for (const contract of [...subject.contracts].sort((a, b) => (contractKey(a) < contractKey(b) ? -1 : 1))) {
    contracts[contractKey(contract)] = { score: round(contract.score), conflictRate: round(contract.conflictRate) };
  }
  const hotspots = [...subject.hotspots]
    .map(({ id, sourceName, line }) => ({ id, sourceName, line }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { version: 1, mode: subject.mode, generatedAt, contracts, hotspots };
}

/** The baseline in `file`, or null when there is none. A file that is not a baseline is an error. */
export async function readBaseline(file: string): Promise<Baseline | null> {
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new ParallelError(`Baseline ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const baseline = parsed as Partial<Baseline>;
  if (baseline?.version !== 1 || typeof baseline.contracts !== "object" || !Array.isArray(baseline.hotspots)) {
    throw new ParallelError(
      `Baseline ${file} is not a hardhat-parallel baseline (version 1): rewrite it with --update-baseline`,
    );
  }
  return baseline as Baseline;
}

export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(baseline, null, 2) + "\n");
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}
