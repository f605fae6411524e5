/**
 * What the analysis produces, and the per-scenario part of the JSON report (schema version 1): plain JSON-able objects
 * (no Maps, BigInts, NaN, Infinity). A field changed here changes the schema (README.md, "Metrics and JSON report").
 */
import type { BalSummary } from "../bal/index.ts";
import type { StateKey } from "../capture/types.ts";
import type { ExecutionModels } from "./models/model-types.ts";
import type { PredictedAccessAnalysis } from "./predicted-access-types.ts";

/** Processor counts for which list scheduling is simulated. */
export const PROCESSOR_COUNTS = [2, 4, 8, 16, 32] as const;

/**
 * Why one transaction depends on an earlier one through one key:
 * - "same-sender": the nonce or balance of an EOA that is the sender of either transaction;
 * - "balance": the balance of an EOA that sends neither transaction (e.g. two payments to one address);
 * - "contract": everything else (storage slots, a contract's balance/nonce/code).
 */
export type DependencyClass = "same-sender" | "contract" | "balance";

export interface DependencyClassCounts {
  sameSender: number;
  contract: number;
  balance: number;
}

export interface ScheduleFigures {
  processors: number;
  /** List-scheduling makespan, in gas units. */
  makespanGas: number;
  /** totalGas / makespanGas (1 when totalGas is 0). */
  speedup: number;
}

/** Parallelism figures of a set of transactions and the dependencies among them. */
export interface ParallelFigures {
  transactions: number;
  /** Dependency edges (transaction pairs), each counted once whatever the number of keys behind it. */
  dependencies: number;
  /** Transactions with at least one dependency. */
  dependentTransactions: number;
  /** Transactions with at least one dependency that has a "contract"-class key. */
  contractDependentTransactions: number;
  /** dependentTransactions / transactions (0 when there are none). */
  conflictRate: number;
  /** contractDependentTransactions / transactions (0 when there are none). */
  contractConflictRate: number;
  totalGas: number;
  /** Gas of the heaviest dependency chain (summed over blocks when aggregated). */
  criticalPathGas: number;
  /** 1 − criticalPathGas / totalGas (0 when totalGas is 0). */
  score: number;
  /** totalGas / criticalPathGas, S∞ (1 when totalGas is 0). */
  idealSpeedup: number;
  /** One entry per PROCESSOR_COUNTS value, in that order. */
  schedules: ScheduleFigures[];
}

/** A state key with the name the storage layout gives it. */
export interface KeyName {
  key: StateKey;
  address: string;
  kind: "balance" | "nonce" | "code" | "slot";
  /** Contract group (contract name, or the address of a contract without metadata); null for an EOA. */
  contract: string | null;
  /** e.g. "HotCounter.depositCount", "Token.balances[0xab…]", "0xab….nonce", "Token.0x<64 hex>" when unresolved. */
  name: string;
  /**
   * The top-level variable (packed variables joined with "+") for slots, "balance" / "nonce" / "code"
   * for account fields, null for an unresolved slot.
   */
  variable: string | null;
  sourceName: string | null;
  /** 1-based declaration line, null when unknown. */
  line: number | null;
}

export interface DependencyKey {
  key: StateKey;
  name: string;
  class: DependencyClass;
}

export interface TransactionDependency {
  /** Index (in the block) of the earlier transaction: the nearest earlier writer of the keys. */
  tx: number;
  keys: DependencyKey[];
}

export interface TransactionFunction {
  /** "Contract.signature", see FunctionAnalysis.name. */
  name: string;
  /** Call frames of this transaction running the function. */
  frames: number;
  /** Storage addresses of those frames. */
  storageAddresses: string[];
  /** Storage addresses of those frames that may write: not a STATICCALL nor inside one. */
  writableStorageAddresses: string[];
}

export interface TransactionAnalysis {
  index: number;
  hash: string;
  from: string;
  to: string | null;
  gasUsed: number;
  status: 0 | 1;
  /** Contract groups the transaction touches. */
  contracts: string[];
  functions: TransactionFunction[];
  dependsOn: TransactionDependency[];
  /** The keys the transaction read (and did not write) and wrote, by name: only with `--html`. */
  access?: TransactionAccess;
}

/** A transaction's access sets by key name (KeyName.name), sorted. */
export interface TransactionAccess {
  reads: string[];
  writes: string[];
}

/** Figures of one contract group or one function, restricted as described in the README. */
export interface NamedFigures {
  name: string;
  figures: ParallelFigures;
}

export interface BlockAnalysis {
  number: number;
  hash: string;
  figures: ParallelFigures;
  /** Transaction indices of one heaviest dependency chain, in block order. */
  criticalPath: number[];
  contracts: NamedFigures[];
  functions: NamedFigures[];
  transactions: TransactionAnalysis[];
  /** The block's EIP-7928 access list: RLP size in bytes, accounts, slots (changed + read) and hash. */
  bal?: BalSummary;
}

export interface ContractAnalysis {
  /** Contract name, or the address of a contract without metadata. */
  name: string;
  known: boolean;
  sourceName: string | null;
  /** Instances seen (addresses grouped under this name). */
  addresses: string[];
  /** Blocks in which a transaction touches the contract. */
  blocks: number;
  /** Summed over blocks (ratios of sums). */
  figures: ParallelFigures;
  /** Name of the hotspot of this contract causing the most dependencies, or null. */
  topHotspot: string | null;
}

export interface FunctionAnalysis {
  /**
   * "Contract.signature": "Token.transfer(address,uint256)", "Token.0x12345678" (unknown selector),
   * "Token.<receive>", "Token.<fallback>", "Token.<constructor>".
   */
  name: string;
  contract: string;
  selector: string | null;
  signature: string | null;
  blocks: number;
  /** Call frames running the function. */
  frames: number;
  figures: ParallelFigures;
}

export interface FunctionCount {
  function: string;
  count: number;
}

export interface Hotspot extends KeyName {
  /** Dependency edges with this key among their keys. */
  dependencies: number;
  byClass: DependencyClassCounts;
  /** Blocks in which the key causes a dependency. */
  blocks: number;
  /**
   * Functions of the writing (earlier) transactions with a frame on the key's address (one that may
   * write, if any), by count.
   */
  writers: FunctionCount[];
  /** Functions of the reading (later) transactions with a frame on the key's address, by count. */
  readers: FunctionCount[];
}

export interface VariableHotspot {
  contract: string;
  /** KeyName.variable, or "(unresolved)" for unresolved slots. */
  variable: string;
  sourceName: string | null;
  line: number | null;
  dependencies: number;
  byClass: DependencyClassCounts;
  /** Distinct keys (e.g. mapping entries) behind the dependencies. */
  keys: number;
  writers: FunctionCount[];
  readers: FunctionCount[];
}

export interface ScenarioAnalysis {
  scenario: string;
  chainId: number;
  hardfork: string;
  /** Summed over blocks. */
  summary: ParallelFigures;
  contracts: ContractAnalysis[];
  functions: FunctionAnalysis[];
  variables: VariableHotspot[];
  hotspots: Hotspot[];
  blocks: BlockAnalysis[];
  predictedAccess?: PredictedAccessAnalysis;
  /** The blocks under each execution model (`--model`; absent when no model is asked for). */
  models?: ExecutionModels;
}
