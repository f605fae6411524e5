/**
 * The JSON report, schema version 1 (field definitions: README.md, "Metrics and JSON report"). A
 * scenario's entry is the analysis as produced by `analyzeCapture`, plus `execution` when the blocks
 * were replayed (`--execute`): its types are re-exported here for users.
 */
import type { ScenarioAnalysis } from "../analyze/types.ts";
import type { ScenarioExecution } from "../replay/index.ts";
import type { CaptureDifference } from "../produce/index.ts";

export type {
  BlockAnalysis,
  ContractAnalysis,
  DependencyClass,
  DependencyClassCounts,
  DependencyKey,
  FunctionAnalysis,
  FunctionCount,
  Hotspot,
  KeyName,
  NamedFigures,
  ParallelFigures,
  ScenarioAnalysis,
  ScheduleFigures,
  TransactionAnalysis,
  TransactionDependency,
  TransactionAccess,
  TransactionFunction,
  VariableHotspot,
} from "../analyze/types.ts";

export type { CaptureDifference } from "../produce/index.ts";

export type {
  AccessListEntry,
  FunctionAccessList,
  NamedPredictedAccess,
  PredictedAccessAnalysis,
  PredictedAccessFigures,
  PredictedKeyCount,
  VaryingAccess,
} from "../analyze/predicted-access-types.ts";

export type {
  ConflictKind,
  DeclarationMisses,
  ExecutionModels,
  GraphModelName,
  LimitingFactor,
  ModelFigures,
  ModelKeyCount,
  ModelName,
  ModelOptions,
  ModelSpeedup,
  NamedModelFigures,
  ShardedContract,
  ShardedFigures,
  ShardedFunction,
  ShardPull,
} from "../analyze/models/model-types.ts";

export type {
  BlockReplay,
  Mismatch,
  ReexecutionReasons,
  ReplayTotals,
  ScenarioExecution,
  TimelineTuple,
} from "../replay/index.ts";

export interface ScenarioReport extends ScenarioAnalysis {
  /** How the scenario's blocks were captured. */
  capture?: CaptureSummary;
  /** Measured re-execution of the captured blocks (only with `--execute` / `--workers`). */
  execution?: ScenarioExecution;
}

/** How a scenario's blocks were captured (README, "Capture"). */
export interface CaptureSummary {
  /** The mode asked for: "engine" (the default) or "trace". */
  mode: "engine" | "trace";
  /** Blocks captured by the engine before EDR mined them. */
  engineBlocks: number;
  /** Blocks captured from EDR's traces after they were mined (all of them in trace mode). */
  tracedBlocks: number;
  /** Blocks that fell back from the engine to trace capture, and why. */
  fallbacks: Array<{ block: number; reason: string }>;
  /** Capture wall time per transaction, workload included (ms). */
  msPerTransaction: number;
  /** `--verify-capture`: every key that differs between engine and trace capture (none is good). */
  differences?: CaptureDifference[];
}

export interface JsonReportMeta {
  hardhatVersion: string;
  pluginVersion: string;
  /** ISO 8601 time. */
  generatedAt: string;
  /** The options the run used (JSON-able). */
  options: Record<string, unknown>;
}

export interface JsonReport {
  schemaVersion: 1;
  generator: { name: "hardhat-parallel"; version: string };
  hardhatVersion: string;
  generatedAt: string;
  options: Record<string, unknown>;
  /** Processor counts of every `schedules` array, in order. */
  processorCounts: number[];
  scenarios: ScenarioReport[];
}
