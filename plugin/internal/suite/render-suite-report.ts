import type { FunctionAccess, SuiteAnalysis, WrittenVariable } from "./types.ts";

import { createPalette } from "../report/ansi.ts";
import { formatPercent, formatScore, shortenHex } from "../report/format-figures.ts";
import { renderTable } from "../report/text-table.ts";

const PATTERN_NAMES = {
  balance: "ETH balance read",
  counter: "global counter",
  total: "global total",
  accumulator: "accumulator",
  reserves: "AMM reserves",
} as const;

/** The terminal report of `--tests`. */
export function renderSuiteReport(analysis: SuiteAnalysis, options: { color: boolean; top: number }): string {
  const p = createPalette(options.color);
  const { mined, analysed, untraced } = analysis.transactions;
  const lines: string[] = [
    p.bold("Contention in the test suite's transactions"),
    `  ${mined} transactions mined, ${analysed} calls analysed ` +
      "(contract creations, reverted calls and plain transfers left out)" +
      (untraced > 0 ? p.yellow(`, ${untraced} could not be traced`) : ""),
    "",
    p.bold("Contracts") +
      p.dim("  (each contract's calls as one virtual block; contention = dependencies between different senders)"),
  ];
  const rows = analysis.contracts.map((c) => [
    c.name,
    String(c.calls),
    String(c.senders),
    c.figures === null ? p.dim("—") : formatPercent(c.figures.conflictRate),
    c.figures === null ? p.dim("n/a") : colorScore(c.figures.score, p),
  ]);
  lines.push(
    renderTable(
      ["contract", "calls", "senders", "conflict rate", "score"],
      rows,
      ["left", "right", "right", "right", "right"],
      "  ",
    ),
  );

  lines.push("", p.bold("Hotspots") + p.dim("  (variables whose keys calls from different senders all write)"));
  if (analysis.hotspots.length === 0) lines.push("  none");
  analysis.hotspots.slice(0, options.top).forEach((h, i) => {
    const where = h.sourceName === null ? "" : p.dim(`  ${h.sourceName}${h.line === null ? "" : `:${h.line}`}`);
    const pattern = h.pattern === null ? "" : p.cyan(`  [${PATTERN_NAMES[h.pattern]}]`);
    lines.push(`  ${i + 1}. ${p.red(`${h.contract}.${h.variable}`)}${where}${pattern}`);
    const writers = h.writers.map((w) => `${w.function} (${w.senders} senders)`).join(", ");
    lines.push(`     written by ${writers}; ${h.dependencies} contention dependencies`);
  });

  lines.push("", p.bold("Functions"));
  const functions = analysis.functions.slice(0, options.top * 3);
  for (const fn of functions) lines.push(...renderFunction(fn, p));
  if (analysis.functions.length > functions.length)
    lines.push(p.dim(`  … ${analysis.functions.length - functions.length} more (--top, or the JSON report)`));

  lines.push("", p.bold("Conflicts") + p.dim("  (writer → reader from another sender: through)"));
  if (analysis.matrix.length === 0) lines.push("  none");
  const cells = analysis.matrix.slice(0, options.top * 3);
  for (const cell of cells) lines.push(`  ${cell.writer} → ${cell.reader}: ${cell.variables.join(", ")}`);
  if (analysis.matrix.length > cells.length)
    lines.push(p.dim(`  … ${analysis.matrix.length - cells.length} more (--top, or the JSON report)`));

  if (analysis.sharedByChoice.length > 0) {
    lines.push(
      "",
      p.bold("Shared because the callers chose the same key") +
        p.dim("  (a common recipient, one contract calling: not hotspots)"),
    );
    for (const s of analysis.sharedByChoice) {
      lines.push(
        `  ${s.contract}.${s.variable}: ${s.functions.join(", ")} — ` +
          `${s.keys.map(shortenHex).slice(0, 3).join(", ")}${s.keys.length > 3 ? ", …" : ""}`,
      );
    }
  }

  lines.push("", p.bold("Suggestions"));
  if (analysis.suggestions.length === 0) lines.push("  none (no known pattern among the hotspots)");
  for (const s of analysis.suggestions) {
    const variables = s.variables
      .map((v) => `${v.variable}${v.line === null ? "" : ` (${v.sourceName}:${v.line})`}`)
      .join(", ");
    lines.push(`  ${p.bold(s.contract)} — ${PATTERN_NAMES[s.pattern]}: ${variables}`);
    lines.push(`    Why: ${s.evidence}.`);
    lines.push(`    Advice: ${s.advice}`);
  }
  return lines.join("\n");
}

function renderFunction(fn: FunctionAccess, p: ReturnType<typeof createPalette>): string[] {
  const lines = [`  ${fn.function}  ${p.dim(`${fn.calls} calls, ${fn.senders} senders`)}`];
  for (const variable of fn.writes) lines.push(`    writes ${variable.variable}: ${describeSharing(variable, p)}`);
  if (fn.reads.length > 0)
    lines.push(
      "    reads  " +
        fn.reads.map((r) => (r.contract === fn.contract ? r.variable : `${r.contract}.${r.variable}`)).join(", "),
    );
  return lines;
}

function describeSharing(variable: WrittenVariable, p: ReturnType<typeof createPalette>): string {
  const keys = variable.keys.length;
  const plural = `${keys} ${keys === 1 ? "key" : "keys"}`;
  if (variable.sharedKeys === 0 && variable.keys.every((k) => k.keyedBySender))
    return p.green(`per caller (${plural}, each keyed by its sender)`);
  if (variable.sharedKeys === 0) return p.green(`not shared in these tests (${plural}, one sender each)`);
  const top = variable.keys[0];
  const chosen = variable.keys.filter((k) => k.sharing === "shared" && k.chosenByCaller).length;
  const text = `shared: ${variable.sharedKeys} of ${plural} written by several senders (up to ${top.senders})`;
  return chosen === variable.sharedKeys ? p.yellow(`${text}, keys chosen by the callers`) : p.red(text);
}

function colorScore(score: number, p: ReturnType<typeof createPalette>): string {
  const text = formatScore(score);
  return score >= 0.75 ? p.green(text) : score >= 0.4 ? p.yellow(text) : p.red(text);
}
