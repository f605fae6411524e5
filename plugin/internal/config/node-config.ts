import type { HardhatUserConfigValidationError } from "hardhat/types/hooks";

import type { ParallelNodeConfig } from "../../type-extensions.ts";

const KNOWN_KEYS = [
  "hostname",
  "port",
  "blockTime",
  "blockSize",
  "order",
  "workers",
  "out",
  "dashboard",
  "dashboardPort",
  "maxBatch",
];

/** Checks `parallel.node` (parallel-node's defaults); every problem is one error with its path. */
export function validateNodeUserConfig(config: unknown): HardhatUserConfigValidationError[] {
  if (config === undefined) return [];
  const path = (key?: string) => (key === undefined ? ["parallel", "node"] : ["parallel", "node", key]);
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return [{ path: path(), message: "Expected an object" }];
  }
  const errors: HardhatUserConfigValidationError[] = [];
  const fail = (key: string, message: string) => errors.push({ path: path(key), message });
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!KNOWN_KEYS.includes(key)) fail(key, `Unknown option "${key}" (known: ${KNOWN_KEYS.join(", ")})`);
  }
  const integer = (key: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const v = c[key];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= min && (v as number) <= max)) {
      fail(key, `Expected an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}`);
    }
  };
  integer("port", 0, 65535);
  integer("blockTime", 0);
  integer("blockSize", 1);
  integer("workers", 1);
  integer("dashboardPort", 0, 65535);
  integer("maxBatch", 1);
  if (c.dashboard !== undefined && typeof c.dashboard !== "boolean") fail("dashboard", "Expected true or false");
  for (const key of ["hostname", "out"]) {
    if (c[key] !== undefined && (typeof c[key] !== "string" || c[key] === "")) fail(key, "Expected a non-empty string");
  }
  if (c.order !== undefined && c.order !== "fifo" && c.order !== "priority")
    fail("order", 'Expected "fifo" or "priority"');
  return errors;
}

export function resolveNodeConfig(user: ParallelNodeConfig = {}): ParallelNodeConfig {
  return { ...user };
}
