import type { SuiteAnalysis } from "../suite/types.ts";
import type { Baseline } from "./baseline-file.ts";
import type { GateResult } from "./find-violations.ts";
import type { GateSubject } from "./gate-subject.ts";

import { contractKey } from "./gate-subject.ts";

const MATRIX_LIMIT = 12;

export interface MarkdownInput {
  subject: GateSubject;
  /** Null when the gate did not run (no --ci). */
  gate: GateResult | null;
  baseline: Baseline | null;
  /** The test-suite analysis, for functions, matrix and suggestions (tests mode). */
  suite: SuiteAnalysis | null;
  /** Null in scenario mode. */
  tests: { passed: boolean; failed: number | null } | null;
}

/** The Markdown summary for CI (GitHub's job summary, or --markdown). */
export function renderMarkdownSummary(input: MarkdownInput): string {
  const { subject, gate, baseline, suite, tests } = input;
  const out: string[] = ["## hardhat-parallel: contention report", ""];
  if (gate !== null) {
    out.push(
      gate.violations.length === 0
        ? "✅ **Gate passed.**"
        : `❌ **Gate failed: ${gate.violations.length} violation${gate.violations.length === 1 ? "" : "s"}.**`,
      "",
    );
    for (const violation of gate.violations) out.push(`- ${escape(violation.message)}`);
    for (const note of gate.notes) out.push(`- _${escape(note)}_`);
    if (gate.violations.length + gate.notes.length > 0) out.push("");
  }
  if (tests !== null && !tests.passed)
    out.push(`⚠️ The test suite failed${tests.failed === null ? "" : ` (${tests.failed} failing)`}.`, "");

  out.push(`### Contracts (${subject.mode === "tests" ? "test suite, virtual block per contract" : "scenarios"})`, "");
  out.push("| Contract | Calls | Conflict rate | Score | Baseline score |", "|---|---:|---:|---:|---:|");
  for (const contract of subject.contracts) {
    const before = baseline?.contracts[contractKey(contract)]?.score;
    const name = contract.scope === null ? contract.name : `${contract.name} (${contract.scope})`;
    out.push(
      `| ${escape(name)} | ${contract.calls} | ` +
        `${contract.conflictRate === null ? "—" : `${(contract.conflictRate * 100).toFixed(1)}%`} | ` +
        `${contract.score === null ? "n/a" : contract.score.toFixed(2)} | ` +
        `${before === undefined || before === null ? "—" : before.toFixed(2)} |`,
    );
  }
  out.push("", "### Hotspots", "");
  if (subject.hotspots.length === 0) out.push("None.");
  const accepted = new Set(baseline?.hotspots.map((h) => h.id) ?? []);
  for (const hotspot of subject.hotspots) {
    const where =
      hotspot.sourceName === null
        ? ""
        : ` — \`${hotspot.sourceName}${hotspot.line === null ? "" : `:${hotspot.line}`}\``;
    out.push(
      `- **${escape(hotspot.id)}**${where}${accepted.has(hotspot.id) ? " (in baseline)" : ""}: ` +
        escape(hotspot.detail),
    );
  }
  if (suite !== null) out.push(...suiteSections(suite));
  return out.join("\n") + "\n";
}

function suiteSections(suite: SuiteAnalysis): string[] {
  const out: string[] = [];
  if (suite.suggestions.length > 0) {
    out.push("", "### Suggestions", "");
    for (const s of suite.suggestions) {
      const variables = s.variables
        .map((v) => `\`${v.variable}\`${v.line === null ? "" : ` (${v.sourceName}:${v.line})`}`)
        .join(", ");
      out.push(`- **${escape(s.contract)}** — ${variables}: ${escape(s.advice)} _Why: ${escape(s.evidence)}._`);
    }
  }
  out.push("", "### Conflict matrix", "");
  const functions = [...new Set(suite.matrix.flatMap((cell) => [cell.writer, cell.reader]))].sort();
  if (functions.length === 0) out.push("No two functions conflict.");
  else if (functions.length <= MATRIX_LIMIT) {
    out.push("Rows write, columns read (from another sender); a cell lists the variables.", "");
    out.push(
      `| writer \\ reader | ${functions.map(escape).join(" | ")} |`,
      `|---|${functions.map(() => "---").join("|")}|`,
    );
    for (const writer of functions) {
      const cells = functions.map(
        (reader) => suite.matrix.find((c) => c.writer === writer && c.reader === reader)?.variables.join(", ") ?? "",
      );
      out.push(`| ${escape(writer)} | ${cells.map(escape).join(" | ")} |`);
    }
  } else {
    for (const cell of suite.matrix)
      out.push(`- ${escape(cell.writer)} → ${escape(cell.reader)}: ${escape(cell.variables.join(", "))}`);
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
