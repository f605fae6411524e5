import type { JsonReport } from "../report/json-report-types.ts";
import type { GateHotspot, GateSubject } from "./gate-subject.ts";

/**
 * The gate's view of a scenario report: each scenario's per-contract figures (summed over its blocks)
 * and, as hotspots, variables behind dependencies of the "contract" class (same-sender and plain
 * balance dependencies are not contract contention).
 */
export function subjectFromScenarios(report: JsonReport): GateSubject {
  const hotspots = new Map<string, GateHotspot>();
  for (const scenario of report.scenarios) {
    for (const variable of scenario.variables) {
      if (variable.byClass.contract === 0) continue;
      const id = `${variable.contract}.${variable.variable}`;
      const known = hotspots.get(id);
      if (known !== undefined && known.dependencies >= variable.byClass.contract) continue;
      const writers = variable.writers
        .slice(0, 3)
        .map((w) => w.function)
        .join(", ");
      hotspots.set(id, {
        id,
        contract: variable.contract,
        variable: variable.variable,
        sourceName: variable.sourceName,
        line: variable.line,
        detail:
          `${variable.byClass.contract} contract dependencies in scenario ${scenario.scenario}` +
          (writers === "" ? "" : `, written by ${writers}`),
        dependencies: variable.byClass.contract,
      });
    }
  }
  return {
    mode: "scenarios",
    contracts: report.scenarios.flatMap((scenario) =>
      scenario.contracts.map((contract) => ({
        name: contract.name,
        scope: scenario.scenario,
        sourceName: contract.sourceName,
        calls: contract.figures.transactions,
        score: contract.figures.score,
        conflictRate: contract.figures.conflictRate,
      })),
    ),
    hotspots: [...hotspots.values()].sort((a, b) => b.dependencies - a.dependencies),
  };
}
