import type { Scenario } from "../../scenario.ts";

import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { ParallelError } from "../parallel-error.ts";

export interface LoadedScenario {
  scenario: Scenario;
  /** Absolute path of the module. */
  file: string;
}

const MODULE_FILE = /^[^_.].*\.(ts|mts|js|mjs)$/;

/** Every scenario module in `dir` (files starting with "_" or "." and .d.ts files are skipped). */
export async function findScenarios(dir: string): Promise<LoadedScenario[]> {
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir)).filter((f) => MODULE_FILE.test(f) && !f.endsWith(".d.ts")).sort();
  return Promise.all(files.map((file) => loadScenarioModule(path.join(dir, file))));
}

/**
 * Resolves `--scenario` values: a name of a module in `dir`, or a path to a module (relative to
 * `root`). Unknown names fail with the list of known ones.
 */
export async function resolveScenarios(specs: string[], dir: string, root: string): Promise<LoadedScenario[]> {
  const looksLikePath = (spec: string) => /[\\/]/.test(spec) || /\.(ts|mts|js|mjs)$/.test(spec);
  const needsFolder = specs.length === 0 || specs.some((spec) => !looksLikePath(spec));
  const known = needsFolder ? await findScenarios(dir) : [];
  if (specs.length === 0) {
    if (known.length === 0) {
      throw new ParallelError(
        `No scenarios found in ${path.relative(root, dir) || "."}/ — ` +
          "add one (see the README) or pass --scenario <path>",
      );
    }
    return known;
  }
  const resolved: LoadedScenario[] = [];
  for (const spec of specs) {
    if (looksLikePath(spec)) {
      const file = path.resolve(root, spec);
      if (!existsSync(file)) throw new ParallelError(`Scenario file not found: ${spec}`);
      resolved.push(await loadScenarioModule(file));
      continue;
    }
    const match = known.find(
      ({ scenario, file }) => scenario.name === spec || path.basename(file).replace(/\.\w+$/, "") === spec,
    );
    if (match === undefined) {
      const names = known.map(({ scenario }) => scenario.name).join(", ") || "none";
      throw new ParallelError(`Unknown scenario "${spec}". Scenarios in ${path.relative(root, dir) || "."}/: ${names}`);
    }
    resolved.push(match);
  }
  return resolved;
}

async function loadScenarioModule(file: string): Promise<LoadedScenario> {
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    throw new ParallelError(`Could not load scenario ${file}: ${(error as Error).message}`);
  }
  const scenario = module.default as Partial<Scenario> | undefined;
  if (
    scenario === undefined ||
    typeof scenario.name !== "string" ||
    typeof scenario.setup !== "function" ||
    typeof scenario.run !== "function"
  ) {
    throw new ParallelError(
      `${file} is not a scenario: it must default-export defineScenario({ name, description, setup, run })`,
    );
  }
  return { scenario: scenario as Scenario, file };
}
