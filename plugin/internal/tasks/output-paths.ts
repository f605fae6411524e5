import { constants } from "node:fs";
import { access, mkdir, open, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";

import { ParallelError } from "../parallel-error.ts";

/**
 * Checks, before any work starts, that an output can be written: a file (`--out`, `--markdown`)
 * or a folder (`--bal`). The nearest existing ancestor must be a writable folder, and the path
 * itself, when it exists, of the right kind. The ancestor is probed by creating and removing a
 * file in it (`access` says yes to root under /proc, where `mkdir` then never settles).
 */
export async function checkOutputPath(option: string, target: string, kind: "file" | "folder"): Promise<void> {
  const fail = (why: string) => {
    throw new ParallelError(`${option} ${target}: ${why}`);
  };
  const existing = await statOrUndefined(target);
  if (existing !== undefined) {
    if (kind === "file" && existing.isDirectory()) fail("is a folder, not a file");
    if (kind === "folder" && !existing.isDirectory()) fail("exists and is not a folder");
    if (!(await writable(target))) fail("is not writable");
    return;
  }
  let parent = path.dirname(path.resolve(target));
  for (;;) {
    const info = await statOrUndefined(parent);
    if (info !== undefined) {
      if (!info.isDirectory()) fail(`cannot be created: ${parent} is not a folder`);
      if (!(await writable(parent)) || !(await probe(parent))) fail(`cannot be created: ${parent} is not writable`);
      return;
    }
    const up = path.dirname(parent);
    if (up === parent) fail("cannot be created");
    parent = up;
  }
}

async function statOrUndefined(file: string) {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

async function writable(file: string): Promise<boolean> {
  try {
    await access(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function probe(folder: string): Promise<boolean> {
  const file = path.join(folder, `.hardhat-parallel-probe-${process.pid}`);
  try {
    await (await open(file, "wx")).close();
    await rm(file, { force: true });
    return true;
  } catch {
    return false;
  }
}

/** Writes `value` as indented JSON to `file`, creating its folder (checked before with checkOutputPath). */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value, null, 2) + "\n");
}
