import type { FunctionCount, Hotspot } from "../analyze/types.ts";
import type { Palette } from "./ansi.ts";
import { formatCount, shortenHex } from "./format-figures.ts";
import { section } from "./terminal-tables.ts";

/**
 * The hotspot list: keys by dependencies caused, with writers → readers and the declaration.
 * Instances of one contract share its name: a name shown twice gets its instance's address.
 * Keys whose dependencies are all "same-sender" (a sender's own nonce and balance) are summarised in
 * one line instead: they are ordering, not contention (they stay in the JSON report).
 */
export function hotspotList(hotspots: readonly Hotspot[], palette: Palette, top: number): string {
  const contended = hotspots.filter((h) => h.byClass.contract + h.byClass.balance > 0);
  const header = ["#", "Hotspot", "Deps", "Writers → readers", "Declared at"];
  const shown = contended.slice(0, top);
  const repeated = new Set(shown.filter((h, i) => shown.findIndex((o) => o.name === h.name) !== i).map((h) => h.name));
  const rows = shown.map((h, i) => [
    String(i + 1),
    palette.cyan(shortenHex(h.name)) + (repeated.has(h.name) ? palette.dim(` @${shortenHex(h.address)}`) : ""),
    formatCount(h.dependencies),
    `${functions(h.writers)} → ${functions(h.readers)}`,
    palette.dim(h.sourceName === null ? "" : h.line === null ? h.sourceName : `${h.sourceName}:${h.line}`),
  ]);
  const text = section("Hotspots", header, rows, ["right", "left", "right", "left", "left"], contended.length, palette);
  const ordering = hotspots.filter((h) => h.byClass.contract + h.byClass.balance === 0);
  if (ordering.length === 0) return text;
  const dependencies = ordering.reduce((sum, h) => sum + h.dependencies, 0);
  return `${text}\n    ${palette.dim(
    `same-sender: ${formatCount(dependencies)} dependencies ` +
      `through ${formatCount(ordering.length)} sender nonce/balance keys`,
  )}`;
}

function functions(counts: readonly FunctionCount[]): string {
  if (counts.length === 0) return "-";
  const shown = counts
    .slice(0, 2)
    .map((c) => shortenHex(c.function))
    .join(", ");
  return counts.length > 2 ? `${shown} +${counts.length - 2}` : shown;
}
