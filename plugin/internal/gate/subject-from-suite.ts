import type { SuiteAnalysis } from "../suite/types.ts";
import type { GateSubject } from "./gate-subject.ts";

/** The gate's view of a test-suite analysis: virtual-block figures and hotspot variables. */
export function subjectFromSuite(analysis: SuiteAnalysis): GateSubject {
  return {
    mode: "tests",
    contracts: analysis.contracts.map((contract) => ({
      name: contract.name,
      scope: null,
      sourceName: contract.sourceName,
      calls: contract.calls,
      score: contract.figures?.score ?? null,
      conflictRate: contract.figures?.conflictRate ?? null,
    })),
    hotspots: analysis.hotspots.map((hotspot) => {
      const writers = hotspot.writers.map((w) => `${w.function} (${w.senders} senders)`).join(", ");
      return {
        id: `${hotspot.contract}.${hotspot.variable}`,
        contract: hotspot.contract,
        variable: hotspot.variable,
        sourceName: hotspot.sourceName,
        line: hotspot.line,
        detail: `written by ${writers}; ${hotspot.dependencies} contention dependencies`,
        dependencies: hotspot.dependencies,
      };
    }),
  };
}
