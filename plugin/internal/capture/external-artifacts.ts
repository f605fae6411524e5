import type { CatalogEntry } from "./types.ts";

import { readFile } from "node:fs/promises";
import path from "node:path";

import { artifactFiles } from "./artifact-files.ts";
import { inferGetterStorage } from "./getter-storage.ts";
import { functionSignatures, maskBytecode, stripHex } from "./code-signatures.ts";

type Ranges = Array<{ start: number; length: number }>;
type LinkReferences = Record<string, Record<string, Ranges>>;

interface RuntimeCode {
  object: string;
  immutableReferences?: Record<string, Ranges>;
  linkReferences?: LinkReferences;
}

/**
 * Catalog entries of prebuilt JSON artifacts (`parallel.artifacts`): Hardhat (`deployedBytecode`,
 * `immutableReferences`), Truffle/Waffle (`evm.deployedBytecode`) or Foundry (`deployedBytecode.object`).
 * They carry no storage layout: storage names come from the ABI's getters (getter-storage.ts). Files without an ABI or runtime code (interfaces, libraries' metadata,
 * combined JSON) are skipped.
 */
export async function loadExternalArtifacts(root: string, patterns: readonly string[]): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    for (const file of await artifactFiles(root, pattern)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const found = externalEntry(path.relative(root, file), await readFile(file, "utf8"));
      if (found === undefined) continue;
      const [entry, abi] = found;
      const inferred = await inferGetterStorage(entry.deployedBytecode, abi);
      entry.storage = inferred.storage.map((v) => ({ ...v, contract: entry.name, sourceName: entry.sourceName }));
      entry.storageTypes = inferred.storageTypes;
      entries.push(entry);
    }
  }
  return entries;
}

/** One artifact file's entry and ABI, or undefined when it is not a deployable contract's artifact. */
export function externalEntry(relativePath: string, json: string): [CatalogEntry, unknown[]] | undefined {
  let artifact: Record<string, unknown>;
  try {
    artifact = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof artifact !== "object" || artifact === null || !Array.isArray(artifact.abi)) return undefined;
  const runtime = runtimeCode(artifact);
  const code = runtime === undefined ? "" : stripHex(runtime.object).replace(/__.{36}__/g, "0".repeat(40));
  if (runtime === undefined || code.length === 0 || !/^[0-9a-f]*$/.test(code)) return undefined;
  const maskedRanges = [
    ...Object.values(runtime.immutableReferences ?? {}).flat(),
    ...Object.values(runtime.linkReferences ?? {}).flatMap((lib) => Object.values(lib).flat()),
    ...metadataRange(code),
  ];
  let functions: Record<string, string>;
  try {
    functions = functionSignatures(artifact.abi);
  } catch {
    return undefined;
  }
  const name = typeof artifact.contractName === "string" ? artifact.contractName : path.basename(relativePath, ".json");
  const entry: CatalogEntry = {
    name,
    sourceName: relativePath.split(path.sep).join("/"),
    deployedBytecode: maskBytecode(code, maskedRanges),
    maskedRanges,
    functions,
    storage: [],
    storageTypes: {},
  };
  return [entry, artifact.abi];
}

function runtimeCode(artifact: Record<string, unknown>): RuntimeCode | undefined {
  const evm = artifact.evm as { deployedBytecode?: unknown } | undefined;
  const candidate = evm?.deployedBytecode ?? artifact.deployedBytecode;
  if (typeof candidate === "string") {
    return {
      object: candidate,
      immutableReferences: artifact.immutableReferences as RuntimeCode["immutableReferences"],
      linkReferences: artifact.deployedLinkReferences as LinkReferences | undefined,
    };
  }
  if (typeof candidate === "object" && candidate !== null && typeof (candidate as RuntimeCode).object === "string") {
    return candidate as RuntimeCode;
  }
  return undefined;
}

/** The CBOR metadata solc appends (its length is the code's last 2 bytes), when it looks like one. */
export function metadataRange(code: string): Ranges {
  const bytes = code.length / 2;
  if (bytes < 2) return [];
  const cborLength = parseInt(code.slice(-4), 16);
  const start = bytes - 2 - cborLength;
  // A CBOR map of 1 to 5 entries (0xa1..0xa5) starts it.
  if (cborLength === 0 || start < 0 || !/^a[1-5]$/.test(code.slice(start * 2, start * 2 + 2))) return [];
  return [{ start, length: cborLength + 2 }];
}
