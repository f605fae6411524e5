import type { CallRecord, SuiteAnalysis } from "./types.ts";

import { conflictMatrix } from "./conflict-matrix.ts";
import { describeFunctions } from "./function-access.ts";
import { writesByFunctionAndKey } from "./function-key-writes.ts";
import { hotspotsOf } from "./hotspots.ts";
import { sharedByChoiceOf } from "./shared-by-choice.ts";
import { sharedKeyFindings } from "./shared-key-findings.ts";
import { suggestionsOf } from "./suggestions.ts";
import { virtualBlocks } from "./virtual-blocks.ts";

/** Everything `--tests` reports, from the call records. Pure. */
export function analyzeSuite(
  records: readonly CallRecord[],
  counts: { mined: number; untraced: number },
): SuiteAnalysis {
  const writes = writesByFunctionAndKey(records);
  const { contracts, dependenciesByVariable } = virtualBlocks(records);
  const { hot, chosen } = sharedKeyFindings(writes);
  return {
    transactions: { mined: counts.mined, analysed: records.length, untraced: counts.untraced },
    contracts,
    functions: describeFunctions(records, writes),
    matrix: conflictMatrix(records),
    hotspots: hotspotsOf(hot, dependenciesByVariable),
    sharedByChoice: sharedByChoiceOf(chosen),
    suggestions: suggestionsOf(hot),
  };
}
