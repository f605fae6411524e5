import type { HardhatUserConfigValidationError } from "hardhat/types/hooks";

import { HardhatPluginError } from "hardhat/plugins";

import type { ParallelConfig, ParallelUserConfig } from "../../type-extensions.ts";

import { artifactFiles } from "../capture/artifact-files.ts";
import { resolveCiConfig, validateCiUserConfig } from "./ci-config.ts";
import { resolveNodeConfig, validateNodeUserConfig } from "./node-config.ts";

const POSITIVE_INTEGERS = ["blockSize", "users", "transactions", "workers"] as const;
const KNOWN_KEYS = new Set([
  "scenariosDir",
  "scenarios",
  "blockSize",
  "users",
  "transactions",
  "workers",
  "out",
  "html",
  "artifacts",
  "ci",
  "node",
]);

/** Checks the `parallel` key of the user's config; every problem is one error with its path. */
export function validateParallelUserConfig(config: unknown): HardhatUserConfigValidationError[] {
  if (config === undefined) return [];
  const errors: HardhatUserConfigValidationError[] = [];
  const fail = (key: string, message: string) => errors.push({ path: ["parallel", key], message });
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return [{ path: ["parallel"], message: "Expected an object" }];
  }
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!KNOWN_KEYS.has(key)) fail(key, `Unknown option "${key}" (known: ${[...KNOWN_KEYS].join(", ")})`);
  }
  for (const key of POSITIVE_INTEGERS) {
    const v = c[key];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) > 0)) fail(key, "Expected a positive integer");
  }
  for (const key of ["scenariosDir", "out", "html"]) {
    if (c[key] !== undefined && (typeof c[key] !== "string" || c[key] === "")) fail(key, "Expected a non-empty string");
  }
  if (
    c.scenarios !== undefined &&
    !(Array.isArray(c.scenarios) && c.scenarios.every((s) => typeof s === "string" && s !== ""))
  ) {
    fail("scenarios", "Expected an array of scenario names or paths");
  }
  if (c.artifacts !== undefined && !isPathList(c.artifacts)) {
    fail("artifacts", "Expected an array of artifact folders, files or globs (relative to the project root)");
  }
  errors.push(...validateCiUserConfig(c.ci));
  errors.push(...validateNodeUserConfig(c.node));
  return errors;
}

export function resolveParallelConfig(user: ParallelUserConfig = {}): ParallelConfig {
  return {
    scenariosDir: user.scenariosDir ?? "scenarios",
    scenarios: user.scenarios ?? [],
    blockSize: user.blockSize,
    users: user.users,
    transactions: user.transactions,
    workers: user.workers,
    out: user.out,
    html: user.html,
    artifacts: user.artifacts ?? [],
    ci: resolveCiConfig(user.ci),
    node: resolveNodeConfig(user.node),
  };
}

function isPathList(value: unknown): boolean {
  return Array.isArray(value) && value.every((p) => typeof p === "string" && p !== "");
}

/** Every `parallel.artifacts` entry must match at least one JSON file under the project root. */
export async function checkArtifactPaths(root: string, patterns: readonly string[]): Promise<void> {
  for (const pattern of patterns) {
    if ((await artifactFiles(root, pattern)).length === 0) {
      const message = `parallel.artifacts: "${pattern}" matches no JSON file (relative to ${root})`;
      throw new HardhatPluginError("hardhat-parallel", message);
    }
  }
}
