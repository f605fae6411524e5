import type { ArtifactManager } from "hardhat/types/artifacts";

import { readFile } from "node:fs/promises";

/**
 * The Solidity source text of every artifact's source file, by the artifacts' source name, as the
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
  for (const artifact of loaded) {
    if (artifact.buildInfoId === undefined || texts.has(artifact.sourceName)) continue;
    const content = inputs.get(artifact.buildInfoId)?.[artifact.inputSourceName ?? artifact.sourceName]?.content;
    if (content !== undefined) texts.set(artifact.sourceName, content);
  }
  return texts;
}
