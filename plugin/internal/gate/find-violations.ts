import type { ParallelCiConfig } from "../../type-extensions.ts";
import type { Baseline } from "./baseline-file.ts";
import type { GateContract, GateSubject } from "./gate-subject.ts";

import { contractKey } from "./gate-subject.ts";

export type GateRule = "minScore" | "maxConflictRate" | "scoreDrop" | "newHotspot";

export interface Violation {
  rule: GateRule;
  /** One line: what, where, by how much. */
  message: string;
  /** Source file (project-relative source name) and line to point at, when known. */
  file: string | null;
  line: number | null;
}

export interface GateResult {
  violations: Violation[];
  /** Things worth knowing that do not fail the gate. */
  notes: string[];
}

/**
 * Compares a subject with the thresholds and the baseline:
 * - minScore: a measured contract's score below its threshold (by name, else "*");
 * - maxConflictRate: a measured contract's conflict rate above the threshold;
 * - scoreDrop: a measured contract's score lower than its baseline score by more than maxScoreDrop
 *   (skipped while the baseline is being rewritten);
 * - newHotspot (failOnNewHotspot): a hotspot whose id is not in the baseline (no baseline: every
 *   hotspot is new), unless `acceptHotspots` (the baseline is being rewritten).
 */
export function findViolations(
  subject: GateSubject,
  ci: ParallelCiConfig,
  baseline: Baseline | null,
  options: { baselineFile: string; acceptHotspots: boolean },
): GateResult {
  const violations: Violation[] = [];
  const notes: string[] = [];
  for (const contract of subject.contracts) {
    const where = label(contract);
    const minScore = ci.minScore[contract.name] ?? ci.minScore["*"];
    if (contract.score === null) {
      if (minScore !== undefined || ci.maxConflictRate !== undefined)
        notes.push(`${where}: not measured (called by fewer than two senders)`);
      continue;
    }
    if (minScore !== undefined && contract.score < minScore) {
      violations.push({
        rule: "minScore",
        message:
          `${where}: score ${contract.score.toFixed(2)} is below minScore ${minScore} ` +
          `(by ${(minScore - contract.score).toFixed(2)})${was(baseline, contract, "score")}`,
        file: contract.sourceName,
        line: null,
      });
    }
    const before = baseline?.contracts[contractKey(contract)]?.score;
    const drop = before === undefined || before === null ? 0 : before - contract.score;
    if (!options.acceptHotspots && drop > ci.maxScoreDrop + 1e-9) {
      violations.push({
        rule: "scoreDrop",
        message:
          `${where}: score ${contract.score.toFixed(2)} dropped from baseline ${before!.toFixed(2)} ` +
          `(by ${drop.toFixed(2)}, more than maxScoreDrop ${ci.maxScoreDrop})`,
        file: contract.sourceName,
        line: null,
      });
    }
    const maxRate = ci.maxConflictRate;
    if (maxRate !== undefined && contract.conflictRate !== null && contract.conflictRate > maxRate) {
      violations.push({
        rule: "maxConflictRate",
        message:
          `${where}: conflict rate ${percent(contract.conflictRate)} is above maxConflictRate ${percent(maxRate)} ` +
          `(by ${((contract.conflictRate - maxRate) * 100).toFixed(1)} points)` +
          was(baseline, contract, "conflictRate"),
        file: contract.sourceName,
        line: null,
      });
    }
  }
  for (const name of Object.keys(ci.minScore)) {
    if (name !== "*" && !subject.contracts.some((contract) => contract.name === name)) {
      notes.push(`minScore names ${name}, which no ${subject.mode === "tests" ? "test" : "scenario"} called`);
    }
  }
  if (ci.failOnNewHotspot && !options.acceptHotspots) {
    const accepted = new Set(baseline?.hotspots.map((hotspot) => hotspot.id) ?? []);
    for (const hotspot of subject.hotspots) {
      if (accepted.has(hotspot.id)) continue;
      const at =
        hotspot.sourceName === null ? "" : ` (${hotspot.sourceName}${hotspot.line === null ? "" : `:${hotspot.line}`})`;
      violations.push({
        rule: "newHotspot",
        message: `new contention hotspot ${hotspot.id}${at}: ${hotspot.detail}; not in ${options.baselineFile}`,
        file: hotspot.sourceName,
        line: hotspot.line,
      });
    }
  }
  return { violations, notes };
}

function label(contract: GateContract): string {
  return contract.scope === null ? contract.name : `${contract.name} (scenario ${contract.scope})`;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function was(baseline: Baseline | null, contract: GateContract, field: "score" | "conflictRate"): string {
  const before = baseline?.contracts[contractKey(contract)]?.[field];
  if (before === undefined || before === null) return "";
  return field === "score" ? `; baseline ${before.toFixed(2)}` : `; baseline ${percent(before)}`;
}
