import { readFileSync } from "node:fs";

/** This package's version, read from its package.json (two levels up from src and from dist). */
export function pluginVersion(): string {
  for (const relative of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8"));
      if (pkg.name === "hardhat-parallel") return pkg.version;
    } catch {
      // try the next location
    }
  }
  return "unknown";
}
