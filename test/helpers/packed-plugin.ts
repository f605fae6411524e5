import { expect } from "chai";
import { readdirSync } from "node:fs";
import path from "node:path";

import { type ProjectFiles, REPO_ROOT, npmCli, runNode, writeProject } from "./fixture-project.ts";

/** The plugin as users get it: `npm pack` (which compiles plugin/ to JavaScript) into a fresh folder. */
export function packPlugin(): { tarball: string; dir: string } {
  const dir = writeProject({}, "hardhat-parallel-pack-");
  const packed = runNode([npmCli(), "pack", "--pack-destination", dir, "--silent"], REPO_ROOT);
  expect(packed.status, packed.stderr).to.equal(0);
  return {
    tarball: path.join(
      dir,
      readdirSync(dir).find((f) => f.endsWith(".tgz"))!,
    ),
    dir,
  };
}

/** Writes a project (whose package.json names the tarball) into a fresh folder and `npm install`s it. */
export function installProject(files: ProjectFiles, prefix: string): string {
  const project = writeProject(files, prefix);
  const installed = runNode([npmCli(), "install", "--prefer-offline", "--no-audit", "--no-fund"], project);
  expect(installed.status, installed.stderr).to.equal(0);
  return project;
}
