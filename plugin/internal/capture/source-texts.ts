import type { ArtifactManager } from "hardhat/types/artifacts";

import { readFile } from "node:fs/promises";

import { userSourceName } from "./source-names.ts";

/**
 * The Solidity source text of every file the artifacts were compiled from (their own files and the
 * files they import, e.g. a parent contract's), by the name users know it by (userSourceName), as the
 * compiler saw it (the build infos' inputs; a source that cannot be read is left out).
 */
export async function loadSourceTexts(artifacts: ArtifactManager): Promise<Map<string, string>> {
  const names = [...(await artifacts.getAllFullyQualifiedNames())];
  const loaded = await Promise.all(names.map((name) => artifacts.readArtifact(name)));
  const texts = new Map<string, string>();
  const ids = new Set(loaded.flatMap((artifact) => (artifact.buildInfoId === undefined ? [] : [artifact.buildInfoId])));
  const inputs = new Map<string, Record<string, { content?: string }>>();
  for (const id of ids) {
    const file = await artifacts.getBuildInfoPath(id);
    if (file === undefined) continue;
    try {
      inputs.set(id, (JSON.parse(await readFile(file, "utf8")) as { input: { sources: never } }).input.sources);
    } catch {
      continue; // no source excerpts from this build
    }
  }
  const artifactNames = new Map(loaded.map((a) => [a.inputSourceName ?? a.sourceName, a.sourceName]));
  for (const sources of inputs.values()) {
    for (const [inputName, { content }] of Object.entries(sources)) {
      const name = userSourceName(inputName, artifactNames);
      if (content !== undefined && !texts.has(name)) texts.set(name, content);
    }
  }
  return texts;
}
