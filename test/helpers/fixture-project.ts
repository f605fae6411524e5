import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/** Files of a small Hardhat 3 project, by relative path. */
export type ProjectFiles = Record<string, string>;

/** Writes a project into a fresh temporary folder and returns its path. */
export function writeProject(files: ProjectFiles, prefix = "hardhat-parallel-fixture-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** Makes the repository's installed packages visible to a project folder (no install needed). */
export function linkRepoNodeModules(dir: string): void {
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
}

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs Hardhat's CLI of `dir` with this Node (22), never throwing on a non-zero exit. */
export function runHardhat(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): CommandResult {
  const cli = path.join(dir, "node_modules", "hardhat", "dist", "src", "cli.js");
  return runNode([cli, ...args], dir, env);
}

export function runNode(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CommandResult {
  // The test run's own Hardhat settings (HARDHAT_CONFIG, HH_TEST, ...) must not leak into the child.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("HARDHAT_") && name !== "HH_TEST"),
  );
  try {
    const stdout = execFileSync(process.execPath, args, {
      cwd,
      env: { ...inherited, NO_COLOR: "1", ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 256 * 1024 * 1024,
    });
    return { status: 0, stdout, stderr: "" };
  } catch (error) {
    const e = error as { status: number | null; stdout: string; stderr: string };
    return { status: e.status ?? 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** npm's own CLI script, to run it under this Node (EDR's native package needs npm on Node 22). */
export function npmCli(): string {
  const npm = execFileSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
  const real = realpathSync(npm);
  return real.endsWith(".js") ? real : path.join(path.dirname(real), "npm-cli.js");
}

/** The solidity config block a fixture project uses: the repo's pinned solc through `path`. */
export const SOLIDITY_CONFIG = `{
    version: "0.8.28",
    path: createRequire(import.meta.url).resolve("solc/soljson.js"),
  }`;
