import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/**
 * The JSON files one `parallel.artifacts` entry names: a file, a folder (every `.json` below it) or a
 * glob (`*` within a name, `**` across folders). Hardhat's `.dbg.json` files and build-info are skipped.
 */
export async function artifactFiles(root: string, pattern: string): Promise<string[]> {
  const absolute = path.resolve(root, pattern);
  if (!/[*?]/.test(pattern)) {
    const info = await stat(absolute).catch(() => undefined);
    if (info === undefined) return [];
    return info.isDirectory() ? (await walk(absolute)).filter(isArtifactFile) : [absolute];
  }
  const parts = absolute.split(path.sep);
  const firstGlob = parts.findIndex((part) => /[*?]/.test(part));
  const base = parts.slice(0, firstGlob).join(path.sep) || path.sep;
  const matcher = globRegExp(parts.slice(firstGlob).join("/"));
  const files = await walk(base);
  return files.filter(
    (file) => matcher.test(path.relative(base, file).split(path.sep).join("/")) && isArtifactFile(file),
  );
}

function isArtifactFile(file: string): boolean {
  return file.endsWith(".json") && !file.endsWith(".dbg.json") && !file.split(path.sep).includes("build-info");
}

function globRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      source += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "build-info" ? [] : walk(full);
      return entry.isFile() ? [full] : [];
    }),
  );
  return nested.flat().sort();
}
