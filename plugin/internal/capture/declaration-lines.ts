/** Finds the 1-based source line of AST nodes by id, from a solc output's ASTs and input sources. */
export interface AstSource {
  /** solc's numeric source id (the third field of a node's `src`). */
  id: number;
  ast: unknown;
}

export interface DeclarationSite {
  /** The input source name, e.g. "project/contracts/Token.sol". */
  inputSourceName: string;
  line: number;
}

export function declarationSites(
  outputSources: Record<string, AstSource>,
  inputContents: Record<string, string>,
  wantedIds: Set<number>,
): Map<number, DeclarationSite> {
  const nameById = new Map(Object.entries(outputSources).map(([name, source]) => [source.id, name]));
  const sites = new Map<number, DeclarationSite>();
  const lineStarts = new Map<string, number[]>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.id === "number" && wantedIds.has(record.id) && typeof record.src === "string") {
      const [start, , fileId] = record.src.split(":").map(Number);
      const name = nameById.get(fileId);
      const content = name === undefined ? undefined : inputContents[name];
      if (name !== undefined && content !== undefined) {
        if (!lineStarts.has(name)) lineStarts.set(name, lineStartOffsets(content));
        sites.set(record.id, { inputSourceName: name, line: lineAt(lineStarts.get(name)!, start) });
      }
    }
    for (const value of Object.values(record)) if (typeof value === "object") visit(value);
  };
  for (const source of Object.values(outputSources)) visit(source.ast);
  return sites;
}

/** Byte offsets (solc counts UTF-8 bytes) at which each line starts. */
function lineStartOffsets(content: string): number[] {
  const bytes = Buffer.from(content, "utf8");
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
