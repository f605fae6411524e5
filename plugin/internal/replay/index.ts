/**
 * replay/: `parallel-report --execute`. Each captured block made a BlockJob (block-job.ts,
 * capture-prestate.ts), run sequentially and on the worker pool, timed (replay-capture.ts,
 * replay-pool.ts), and checked against the capture and against each other (capture-check.ts); what
 * it measured (replay-types.ts) goes into the JSON report.
 */
export { replayCapture } from "./replay-capture.ts";
export type { ReplayProgress } from "./replay-capture.ts";
export { ReplayPool } from "./replay-pool.ts";
export type {
  BlockReplay,
  ReexecutionReasons,
  ReplayTotals,
  ScenarioExecution,
  TimelineTuple,
} from "./replay-types.ts";
export type { Mismatch } from "./capture-check.ts";
export { checkAgainstCapture, compareExecutions } from "./capture-check.ts";
export { expectedPostState, prestateFromCapture } from "./capture-prestate.ts";
export { blockJobFromCapture } from "./block-job.ts";
export { reexecutionSummary } from "./reexecution-summary.ts";
export { roundMs } from "./round-ms.ts";
