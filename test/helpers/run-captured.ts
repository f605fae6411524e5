import { spawnSync } from "node:child_process";
import path from "node:path";

import type { CommandResult } from "./fixture-project.ts";

/**
 * Runs Hardhat's CLI of `dir` with this Node, like runHardhat, but keeps stderr when the command
 * succeeds too (for the lines the plugin prints there).
 */
export function runHardhatCaptured(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): CommandResult {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("HARDHAT_") && name !== "HH_TEST"),
  );
  const cli = path.join(dir, "node_modules", "hardhat", "dist", "src", "cli.js");
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    env: { ...inherited, NO_COLOR: "1", ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}
