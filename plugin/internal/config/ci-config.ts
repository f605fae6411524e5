import type { HardhatUserConfigValidationError } from "hardhat/types/hooks";

import type { ParallelCiConfig, ParallelCiUserConfig } from "../../type-extensions.ts";

const KNOWN_KEYS = new Set(["minScore", "maxConflictRate", "failOnNewHotspot", "maxScoreDrop", "baseline"]);
export const DEFAULT_MAX_SCORE_DROP = 0.05;
export const DEFAULT_BASELINE_FILE = "parallel-baseline.json";

/** Checks `parallel.ci`; every problem is one error with its path. */
export function validateCiUserConfig(config: unknown): HardhatUserConfigValidationError[] {
  if (config === undefined) return [];
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return [{ path: ["parallel", "ci"], message: "Expected an object" }];
  }
  const errors: HardhatUserConfigValidationError[] = [];
  const fail = (path: string[], message: string) => errors.push({ path: ["parallel", "ci", ...path], message });
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!KNOWN_KEYS.has(key)) fail([key], `Unknown option "${key}" (known: ${[...KNOWN_KEYS].join(", ")})`);
  }
  const isFraction = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 1;
  if (c.minScore !== undefined) {
    if (typeof c.minScore === "object" && c.minScore !== null && !Array.isArray(c.minScore)) {
      for (const [name, value] of Object.entries(c.minScore)) {
        if (!isFraction(value)) fail(["minScore", name], "Expected a number between 0 and 1");
      }
    } else if (!isFraction(c.minScore)) {
      fail(["minScore"], "Expected a number between 0 and 1, or an object of them by contract name");
    }
  }
  if (c.maxConflictRate !== undefined && !isFraction(c.maxConflictRate)) {
    fail(["maxConflictRate"], "Expected a number between 0 and 1");
  }
  if (c.maxScoreDrop !== undefined && !isFraction(c.maxScoreDrop)) {
    fail(["maxScoreDrop"], "Expected a number between 0 and 1");
  }
  if (c.failOnNewHotspot !== undefined && typeof c.failOnNewHotspot !== "boolean") {
    fail(["failOnNewHotspot"], "Expected true or false");
  }
  if (c.baseline !== undefined && (typeof c.baseline !== "string" || c.baseline === "")) {
    fail(["baseline"], "Expected a non-empty string");
  }
  return errors;
}

export function resolveCiConfig(user: ParallelCiUserConfig = {}): ParallelCiConfig {
  const minScore =
    user.minScore === undefined
      ? {}
      : typeof user.minScore === "number"
        ? { "*": user.minScore }
        : { ...user.minScore };
  return {
    minScore,
    maxConflictRate: user.maxConflictRate,
    failOnNewHotspot: user.failOnNewHotspot ?? true,
    maxScoreDrop: user.maxScoreDrop ?? DEFAULT_MAX_SCORE_DROP,
    baseline: user.baseline ?? DEFAULT_BASELINE_FILE,
  };
}
