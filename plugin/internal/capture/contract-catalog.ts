import type { ArtifactManager } from "hardhat/types/artifacts";
import type { CatalogEntry, StorageType, StorageVariable } from "./types.ts";

import { readFile } from "node:fs/promises";

import { functionSignatures, maskBytecode, stripHex } from "./code-signatures.ts";
import { type AstSource, declarationSites } from "./declaration-lines.ts";
import { userSourceName } from "./source-names.ts";

export { maskBytecode, stripHex } from "./code-signatures.ts";

export type { CatalogEntry } from "./types.ts";

interface SolcStorageLayout {
  storage: Array<{ astId: number; contract: string; label: string; offset: number; slot: string; type: string }>;
  types: Record<string, StorageType> | null;
}

interface BuildInfoOutput {
  output: {
    contracts: Record<string, Record<string, { storageLayout?: SolcStorageLayout }>>;
    sources: Record<string, AstSource>;
  };
}

interface BuildInfoInput {
  input: { sources: Record<string, { content?: string }> };
}

/** Where `parallel.artifacts` (prebuilt JSON artifacts) are, as the resolved config has them. */
export interface ExternalArtifactsConfig {
  paths: { root: string };
  parallel: { artifacts: readonly string[] };
}

/**
 * Reads every artifact of the project with its storage layout and declaration lines, then the prebuilt
 * artifacts of `parallel.artifacts` (after the project's: the project's own win when both match a code).
 */
export async function loadContractCatalog(
  artifacts: ArtifactManager,
  config?: ExternalArtifactsConfig,
): Promise<CatalogEntry[]> {
  const own = await loadProjectCatalog(artifacts);
  if (config === undefined || config.parallel.artifacts.length === 0) return own;
  // Loaded only when needed: inferring getters' slots brings the EVM along.
  const { loadExternalArtifacts } = await import("./external-artifacts.ts");
  return [...own, ...(await loadExternalArtifacts(config.paths.root, config.parallel.artifacts))];
}

async function loadProjectCatalog(artifacts: ArtifactManager): Promise<CatalogEntry[]> {
  const names = [...(await artifacts.getAllFullyQualifiedNames())];
  const loaded = await Promise.all(names.map((name) => artifacts.readArtifact(name)));
  const sourceNameByInput = new Map(loaded.map((a) => [a.inputSourceName ?? a.sourceName, a.sourceName]));
  const buildInfos = new Map<string, Promise<[BuildInfoInput, BuildInfoOutput] | undefined>>();
  const readBuildInfo = (id: string) => {
    if (!buildInfos.has(id)) buildInfos.set(id, readBuildInfoFiles(artifacts, id));
    return buildInfos.get(id)!;
  };

  const entries: CatalogEntry[] = [];
  for (const artifact of loaded) {
    const code = stripHex(artifact.deployedBytecode);
    if (code.length === 0) continue; // interfaces, abstract contracts
    const maskedRanges = [
      ...Object.values(artifact.immutableReferences ?? {}).flat(),
      ...Object.values(artifact.deployedLinkReferences ?? {}).flatMap((lib) => Object.values(lib).flat()),
    ];
    const build = artifact.buildInfoId === undefined ? undefined : await readBuildInfo(artifact.buildInfoId);
    const inputName = artifact.inputSourceName ?? artifact.sourceName;
    const layout = build?.[1].output.contracts[inputName]?.[artifact.contractName]?.storageLayout;
    entries.push({
      name: artifact.contractName,
      sourceName: artifact.sourceName,
      deployedBytecode: maskBytecode(code.replace(/__\$[0-9a-fA-F]{34}\$__/g, "0".repeat(40)), maskedRanges),
      maskedRanges,
      functions: functionSignatures(artifact.abi),
      storage: layout === undefined || build === undefined ? [] : storageVariables(layout, build, sourceNameByInput),
      storageTypes: layout?.types ?? {},
    });
  }
  return entries;
}

async function readBuildInfoFiles(
  artifacts: ArtifactManager,
  id: string,
): Promise<[BuildInfoInput, BuildInfoOutput] | undefined> {
  const [inputPath, outputPath] = await Promise.all([
    artifacts.getBuildInfoPath(id),
    artifacts.getBuildInfoOutputPath(id),
  ]);
  if (inputPath === undefined || outputPath === undefined) return undefined;
  const [input, output] = await Promise.all([readFile(inputPath, "utf8"), readFile(outputPath, "utf8")]);
  return [JSON.parse(input), JSON.parse(output)];
}

function storageVariables(
  layout: SolcStorageLayout,
  [input, output]: [BuildInfoInput, BuildInfoOutput],
  sourceNameByInput: Map<string, string>,
): StorageVariable[] {
  const contents = Object.fromEntries(
    Object.entries(input.input.sources).map(([name, source]) => [name, source.content ?? ""]),
  );
  const sites = declarationSites(output.output.sources, contents, new Set(layout.storage.map((v) => v.astId)));
  return layout.storage.map((variable) => {
    const [inputName, contract] = splitQualifiedName(variable.contract);
    const site = sites.get(variable.astId);
    return {
      label: variable.label,
      slot: variable.slot,
      offset: variable.offset,
      type: variable.type,
      contract,
      // The declaring file: a parent contract's (inherited variable) may differ from the deployed one's.
      sourceName: userSourceName(site?.inputSourceName ?? inputName, sourceNameByInput),
      line: site?.line ?? null,
    };
  });
}

function splitQualifiedName(qualified: string): [string, string] {
  const colon = qualified.lastIndexOf(":");
  return [qualified.slice(0, colon), qualified.slice(colon + 1)];
}
