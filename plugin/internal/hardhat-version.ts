import { createRequire } from "node:module";

/** The version of the Hardhat this plugin runs in ("unknown" when it cannot be read). */
export function hardhatVersion(): string {
  try {
    return createRequire(import.meta.url)("hardhat/package.json").version;
  } catch {
    return "unknown";
  }
}
