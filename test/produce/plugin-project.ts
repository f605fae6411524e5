import type { JsonReport } from "../../plugin/internal/report/json-report-types.ts";
import type { CommandResult, ProjectFiles } from "../helpers/fixture-project.ts";

import { spawnSync } from "node:child_process";
import path from "node:path";

import { REPO_ROOT, SOLIDITY_CONFIG, linkRepoNodeModules, writeProject } from "../helpers/fixture-project.ts";

/**
 * A fixture project using the plugin from this repository (imported by absolute path), with its
 * scenarios in `scenarios/` and the repository's node_modules linked in. `files` adds contracts
 * (`contracts/…`) and scenarios (`scenarios/…`).
 */
export function writePluginProject(files: ProjectFiles): string {
  const dir = writeProject({
    "package.json": JSON.stringify({ type: "module" }),
    "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  parallel: { scenariosDir: "scenarios" },
};
`,
    ...files,
  });
  linkRepoNodeModules(dir);
  return dir;
}

export interface TimedResult extends CommandResult {
  ms: number;
}

/**
 * Hardhat's CLI of `dir` with this Node (22). Unlike `runHardhat`, stderr is kept on success too
 * (fallback lines and progress go there). The test run's Hardhat settings do not leak in.
 */
export function hardhat(dir: string, args: string[]): TimedResult {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("HARDHAT_") && name !== "HH_TEST"),
  );
  const cli = path.join(dir, "node_modules", "hardhat", "dist", "src", "cli.js");
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    env: { ...env, NO_COLOR: "1" },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr, ms };
}

/** `parallel-report --json …` in `dir`, which must exit 0: the result and the report it printed. */
export function reportJson(dir: string, args: string[]): { run: TimedResult; report: JsonReport } {
  const run = hardhat(dir, ["parallel-report", "--json", ...args]);
  if (run.status !== 0) throw new Error(`parallel-report ${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}
