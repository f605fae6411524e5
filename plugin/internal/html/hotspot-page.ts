import type { Hotspot } from "../analyze/types.ts";
import type { SuiteAnalysis } from "../suite/types.ts";
import type { PageHotspot, SourceExcerpt } from "./page-data.ts";

import { ADVICE } from "../suite/suggestions.ts";

/** Source text by source name (the artifacts' `sourceName`, e.g. "contracts/Token.sol"). */
export type SourceTexts = ReadonlyMap<string, string>;

/** Hotspots listed on the page (the most dependencies first). */
export const MAX_HOTSPOTS = 50;

/** Lines shown above and below a declaration. */
const CONTEXT_LINES = 3;

/**
 * The page's hotspot list of a scenario: the keys that cause contention (keys whose dependencies are
 * all same-sender ordering are left out, as in the terminal report), each with the source lines
 * around its declaration and a suggestion.
 */
export function scenarioHotspots(hotspots: readonly Hotspot[], sources: SourceTexts): PageHotspot[] {
  return hotspots
    .filter((h) => h.byClass.contract + h.byClass.balance > 0)
    .slice(0, MAX_HOTSPOTS)
    .map((h) => ({
      name: h.name,
      contract: h.contract,
      variable: h.variable,
      dependencies: h.dependencies,
      byClass: h.byClass,
      blocks: h.blocks,
      writers: h.writers,
      readers: h.readers,
      sourceName: h.sourceName,
      line: h.line,
      excerpt: sourceExcerpt(sources, h.sourceName, h.line),
      suggestion: scenarioAdvice(h),
    }));
}

/** The suite's hotspots, with the suggestion the suite analysis gives their variable, if any. */
export function suiteHotspots(suite: SuiteAnalysis, sources: SourceTexts): PageHotspot[] {
  return suite.hotspots.slice(0, MAX_HOTSPOTS).map((h) => {
    const suggestion = suite.suggestions.find(
      (s) => s.contract === h.contract && s.variables.some((v) => v.variable === h.variable),
    );
    return {
      name: `${h.contract}.${h.variable}`,
      contract: h.contract,
      variable: h.variable,
      dependencies: h.dependencies,
      byClass: { sameSender: 0, contract: h.dependencies, balance: 0 },
      blocks: 0,
      writers: h.writers.map((w) => ({ function: w.function, count: w.senders })),
      readers: [],
      sourceName: h.sourceName,
      line: h.line,
      excerpt: sourceExcerpt(sources, h.sourceName, h.line),
      suggestion: suggestion === undefined ? null : `${suggestion.evidence}. ${suggestion.advice}`,
    };
  });
}

export function sourceExcerpt(
  sources: SourceTexts,
  sourceName: string | null,
  line: number | null,
): SourceExcerpt | null {
  if (sourceName === null || line === null) return null;
  const text = sources.get(sourceName);
  if (text === undefined) return null;
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return null;
  const firstLine = Math.max(1, line - CONTEXT_LINES);
  return { firstLine, lines: lines.slice(firstLine - 1, Math.min(lines.length, line + CONTEXT_LINES)) };
}

/**
 * A suggestion from what the key is: a payment target's balance, AMM reserves, a single slot every
 * writer updates (a counter or total), or one entry of a mapping that many transactions share.
 */
function scenarioAdvice(h: Hotspot): string {
  const writers = h.writers.map((w) => w.function).join(", ") || "its writers";
  if (h.kind === "balance" && h.contract === null) {
    return (
      "Many transactions pay the same address, so each one's balance update waits for the previous one. " +
      "Let the recipient pull (withdraw) instead, or credit it through a contract that shards the amount."
    );
  }
  if (h.kind === "balance") {
    // A contract's own ETH balance: only a transaction that reads it depends on it (ETH sent to a
    // contract that never reads its balance is no dependency), so the code reads it in the hot path.
    const readers = h.readers.map((r) => r.function).join(", ") || "its readers";
    return `${h.name}, the contract's own ETH balance, is read by ${readers}. ${ADVICE.balance}`;
  }
  if (h.variable !== null && /reserve/i.test(h.variable)) return ADVICE.reserves;
  if (!h.name.includes("[")) {
    return `${h.name} is one slot written by ${writers}. ${ADVICE.total}`;
  }
  return (
    `${h.name} is one mapping entry that transactions of different senders share (written by ${writers}): ` +
    "they run one after another. If the entry is chosen by the callers (a common recipient), that is their " +
    "choice; if the contract picks it, key the state by caller instead."
  );
}
