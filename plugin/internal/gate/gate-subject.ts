/** What the CI gate checks, from a test-suite analysis or a scenario report. */
export interface GateSubject {
  mode: "tests" | "scenarios";
  contracts: GateContract[];
  hotspots: GateHotspot[];
}

export interface GateContract {
  name: string;
  /** The scenario, in scenario mode; null for the test suite. */
  scope: string | null;
  sourceName: string | null;
  /** Calls (tests) or transactions (scenarios) that touched it. */
  calls: number;
  /** Null when not measured (a contract only one sender called). */
  score: number | null;
  conflictRate: number | null;
}

export interface GateHotspot {
  /** "Contract.variable": how the baseline knows it. */
  id: string;
  contract: string;
  variable: string;
  sourceName: string | null;
  line: number | null;
  /** Why it is a hotspot, one phrase: "shared by HotCounter.deposit() calls from 3 senders". */
  detail: string;
  dependencies: number;
}

/** Baseline and threshold keys of a contract: "Name", or "scenario:Name" in scenario mode. */
export function contractKey(contract: GateContract): string {
  return contract.scope === null ? contract.name : `${contract.scope}:${contract.name}`;
}
