import { rmSync } from "node:fs";

import { buildNodeProject, writeNodeProject } from "../../bench/node-project.ts";

let shared: string | undefined;

/**
 * The fixture project of the node tests (bench/node-project.ts: this repository's contracts, the
 * plugin, `node` with interval mining at 500 ms), built once per test run and removed at exit.
 */
export function builtNodeProject(): string {
  if (shared === undefined) {
    const dir = writeNodeProject({ blockTimeMs: 500 });
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    buildNodeProject(dir);
    shared = dir;
  }
  return shared;
}
