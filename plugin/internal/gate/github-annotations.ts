import type { Violation } from "./find-violations.ts";

import path from "node:path";

const TITLES = {
  minScore: "Parallelism score",
  maxConflictRate: "Conflict rate",
  scoreDrop: "Parallelism score drop",
  newHotspot: "Contention hotspot",
} as const;

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`), one per violation, so
 * the violation shows on the pull request at the declaration. `file` is made relative to the checkout
 * (`workspace`, GITHUB_WORKSPACE) when the project is in a subfolder of it.
 */
export function githubAnnotations(
  violations: readonly Violation[],
  root: string,
  workspace: string | undefined,
): string[] {
  return violations.map((violation) => {
    const properties: string[] = [];
    if (violation.file !== null) {
      const absolute = path.resolve(root, violation.file);
      const relative =
        workspace === undefined ? violation.file : path.relative(workspace, absolute).split(path.sep).join("/");
      properties.push(`file=${escapeProperty(relative.startsWith("..") ? violation.file : relative)}`);
      if (violation.line !== null) properties.push(`line=${violation.line}`);
    }
    properties.push(`title=${escapeProperty(TITLES[violation.rule])}`);
    return `::error ${properties.join(",")}::${escapeData(violation.message)}`;
  });
}

function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
