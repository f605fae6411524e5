import type { CapturedBlock } from "../capture/types.ts";

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { balToJson } from "./bal-json.ts";
import { encodeBal, hashOf } from "./bal-rlp.ts";
import { blockAccessList } from "./block-access-list.ts";

/**
 * Writes each block's access list under `<dir>/<scenario>/`: `block-<number>.json` (the
 * eth_getBlockAccessList form, nothing else), `block-<number>.rlp` (the RLP bytes) and
 * `block-<number>.hash` (0x + keccak256 of the RLP, then a newline). Creates the folders. Returns
 * the paths written, in block order. Synchronous. A scenario name is used as one folder name:
 * characters other than letters, digits, `.`, `_` and `-` become `_`.
 */
export function writeBlockAccessLists(dir: string, scenario: string, blocks: CapturedBlock[]): string[] {
  const folder = path.join(dir, folderName(scenario));
  makeFolders(folder);
  const files: string[] = [];
  for (const block of blocks) {
    const bal = blockAccessList(block);
    const encoded = encodeBal(bal);
    const base = path.join(folder, `block-${block.number}`);
    writeFileSync(`${base}.json`, JSON.stringify(balToJson(bal), null, 2) + "\n");
    writeFileSync(`${base}.rlp`, encoded);
    writeFileSync(`${base}.hash`, hashOf(encoded) + "\n");
    files.push(`${base}.json`, `${base}.rlp`, `${base}.hash`);
  }
  return files;
}

function folderName(scenario: string): string {
  const name = scenario.replace(/[^A-Za-z0-9._-]/g, "_");
  return name === "" || name === "." || name === ".." ? `_${name}` : name;
}

/**
 * mkdir -p, one level at a time from the first existing parent: `mkdirSync(…, { recursive: true })`
 * never returns under /proc (Node 22), a plain mkdirSync fails there with ENOENT.
 */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(folder); !existsSync(at); at = path.dirname(at)) {
    missing.push(at);
    if (path.dirname(at) === at) break;
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
