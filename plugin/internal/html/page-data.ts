/**
 * What the HTML report's page script draws (./client/report.js): one JSON document, embedded in the
 * page (static report) or fetched from the dashboard (live). Built from the JSON report by
 * ./report-page-data.ts; everything in it is plain data, and every string is text (the page escapes it).
 */
import type { DependencyClassCounts, FunctionCount, ParallelFigures } from "../analyze/types.ts";
import type { PageModels } from "./models-page.ts";

export type { PageModels } from "./models-page.ts";

export interface PageData {
  title: string;
  /** "hardhat-parallel 0.1.0 · Hardhat 3.18.0 · <ISO time>". */
  generator: string;
  processorCounts: number[];
  scenarios: PageScenario[];
  /** `--tests`: the test suite's analysis. */
  suite?: PageSuite;
  /** The live dashboard: speedup and conflict rate of each block mined so far. */
  timeline?: PageTimelinePoint[];
}

export interface PageScenario {
  name: string;
  summary: ParallelFigures;
  /** Measured execution (`--execute`), summed over the blocks. */
  execution?: PageExecution;
  contracts: Array<{ name: string; blocks: number; figures: ParallelFigures; topHotspot: string | null }>;
  functions: Array<{ name: string; contract: string; blocks: number; frames: number; figures: ParallelFigures }>;
  hotspots: PageHotspot[];
  blocks: PageBlock[];
  /** The execution models (`--model`): absent without them (and on the live dashboard). */
  models?: PageModels;
}

export interface PageExecution {
  workers: number;
  sequentialMs: number;
  parallelMs: number;
  speedup: number;
  reexecutions: number;
  mismatches: number;
}

export interface PageHotspot {
  name: string;
  contract: string | null;
  variable: string | null;
  dependencies: number;
  byClass: DependencyClassCounts;
  blocks: number;
  writers: FunctionCount[];
  readers: FunctionCount[];
  sourceName: string | null;
  line: number | null;
  /** Source lines around the declaration (the declaration is at `line`). */
  excerpt: SourceExcerpt | null;
  suggestion: string | null;
}

export interface SourceExcerpt {
  firstLine: number;
  lines: string[];
}

export interface PageTransaction {
  index: number;
  hash: string;
  from: string;
  to: string | null;
  gasUsed: number;
  status: 0 | 1;
  /** The contract group of the called function ("(transfer)" for a plain payment, "(create)"). */
  contract: string;
  /** The function the transaction calls (its first frame's), e.g. "transfer(address,uint256)". */
  function: string;
  /** Every function it ran ("Contract.signature"). */
  functions: string[];
  /** By key name; absent when the report was made without them. */
  reads?: string[];
  writes?: string[];
}

/** A read-after-write dependency: `to` reads what `from` (earlier) wrote. */
export interface PageEdge {
  from: number;
  to: number;
  /** Names of the keys behind it. */
  keys: string[];
  /** Only "same-sender" keys (a sender's own nonce and balance). */
  sameSender: boolean;
}

/** Transactions drawn as groups (large blocks): one node per function, edges summed. */
export interface PageGroupGraph {
  by: "function";
  nodes: Array<{ id: string; contract: string; function: string; transactions: number; gasUsed: number }>;
  edges: Array<{ from: string; to: string; dependencies: number; keys: string[] }>;
}

export interface PageBlock {
  number: number;
  figures: ParallelFigures;
  criticalPath: number[];
  transactions: PageTransaction[];
  edges: PageEdge[];
  /** Present when the block is too large to draw transaction by transaction. */
  groups?: PageGroupGraph;
  /** List schedules of the dependency graph, one per processor count: [tx, processor, startGas, endGas]. */
  predicted: Array<{ processors: number; makespanGas: number; spans: Array<[number, number, number, number]> }>;
  /** As the executor ran it (`--execute`): [tx, incarnation (1-based), worker (−1: main thread), startMs, endMs]. */
  measured?: {
    workers: number;
    wallMs: number;
    speedup: number;
    /** The scheduler gave up parallelism for (part of) the block: the main thread ran transactions. */
    fellBack: boolean;
    spans: Array<[number, number, number, number, number]>;
  };
  /** How the block ran (the devnet): "pool" or "sequential", with its measured speedup if sampled. */
  ran?: { on: string; executionMs: number; speedup: number | null };
}

export interface PageTimelinePoint {
  block: number;
  transactions: number;
  conflictRate: number;
  /** Predicted S_k of the block at the node's worker count. */
  predictedSpeedup: number;
  /** Measured speedup against the sequential baseline, when sampled. */
  measuredSpeedup: number | null;
}

export interface PageSuite {
  transactions: { mined: number; analysed: number; untraced: number };
  contracts: Array<{ name: string; calls: number; senders: number; figures: ParallelFigures | null }>;
  functions: Array<{ function: string; contract: string; calls: number; senders: number }>;
  /** Writer function × reader function: keys through which they conflict. */
  matrix: Array<{ writer: string; reader: string; keys: number; variables: string[] }>;
  hotspots: PageHotspot[];
}
