import { PROCESSOR_COUNTS } from "../analyze/types.ts";
import type { JsonReport, JsonReportMeta, ScenarioReport } from "./json-report-types.ts";

export type * from "./json-report-types.ts";

/** The versioned JSON report of the analysed scenarios (definitions: README.md, "Metrics and JSON report"). */
export function buildJsonReport(analyses: readonly ScenarioReport[], meta: JsonReportMeta): JsonReport {
  return {
    schemaVersion: 1,
    generator: { name: "hardhat-parallel", version: meta.pluginVersion },
    hardhatVersion: meta.hardhatVersion,
    generatedAt: meta.generatedAt,
    options: jsonSafe(meta.options),
    processorCounts: [...PROCESSOR_COUNTS],
    scenarios: [...analyses],
  };
}

/** Drops undefined values and turns bigints into decimal strings, so the options serialise as given. */
function jsonSafe(options: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(options, (_, value) => (typeof value === "bigint" ? value.toString() : value)));
}
