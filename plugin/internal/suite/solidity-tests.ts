import { readdir } from "node:fs/promises";
import path from "node:path";

/**
 * The project's Solidity test files, as Hardhat's build system tells them apart: every `.sol` file
 * under the Solidity tests folder that is not also under a sources folder, and every `.t.sol` file
 * under a sources folder.
 */
export async function findSolidityTests(testsDir: string, sourcesDirs: readonly string[]): Promise<string[]> {
  const under = (file: string, dir: string) => file.startsWith(dir + path.sep);
  const inTests = (await solFiles(testsDir)).filter((file) => !sourcesDirs.some((dir) => under(file, dir)));
  const inSources = (await Promise.all(sourcesDirs.map(solFiles))).flat().filter((file) => file.endsWith(".t.sol"));
  return [...new Set([...inTests, ...inSources])].sort();
}

async function solFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return []; // no such folder
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".sol"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.split(path.sep).includes("node_modules"));
}
