/**
 * The `predictedAccess` section of a scenario's analysis (JSON report, schema version 1): how the
 * access sets of each transaction run alone against its block's pre-state (`CapturedTransaction.predicted`,
 * engine capture) compare with what it accessed in the block, and the EIP-2930 access list each
 * function's callers should declare. Definitions: README.md, "Predicted access lists".
 */
import type { StateKey } from "../capture/types.ts";

/** A named state key and how often it counts (transactions that missed it, or dependencies through it). */
export interface PredictedKeyCount {
  key: StateKey;
  /** KeyName.name: "Pair.reserve0+reserve1+blockTimestampLast", "Token.balanceOf[0xab…]". */
  name: string;
  /** KeyName.variable (null for an unresolved slot). */
  variable: string | null;
  /** Contract group of the key's address, null for an EOA. */
  contract: string | null;
  count: number;
}

/** Prediction figures of one scope: the scenario, a contract group or a function. */
export interface PredictedAccessFigures {
  /** Transactions of the scope, in blocks whose transactions all have predicted sets. */
  transactions: number;
  /** Transactions whose predicted reads ∪ writes hold every key they actually read or wrote (in the scope). */
  complete: number;
  /** complete / transactions (0 when there are none). */
  completeRate: number;
  /** Keys actually accessed but not predicted, by transactions that missed them (descending), then name. */
  missedKeys: PredictedKeyCount[];
  /** Real dependencies (ti → tj) with no path from ti to tj in the graph built from the predicted sets. */
  missedDependencies: number;
  /** The keys behind those dependencies (the actual edge's keys), by dependencies. */
  missedDependencyKeys: PredictedKeyCount[];
  /** Predicted dependencies (ti → tj) with no path from ti to tj in the actual graph: needless serialisation. */
  falseDependencies: number;
  /** The keys behind those (the predicted edge's keys), by dependencies. */
  falseDependencyKeys: PredictedKeyCount[];
}

export interface NamedPredictedAccess {
  name: string;
  figures: PredictedAccessFigures;
}

/** One entry of an EIP-2930 access list (geth's `eth_createAccessList` shape). */
export interface AccessListEntry {
  address: string;
  /** 32-byte slots, 0x + 64 hex, sorted. */
  storageKeys: string[];
}

/** Accesses that differ between calls of a function (they depend on the caller, arguments or state). */
export interface VaryingAccess {
  /**
   * Storage: the key's name with each mapping index that is the caller shown as `msg.sender`, one that
   * is the n-th input word as `argN`, any other as `*` ("Token.balanceOf[msg.sender]",
   * "Pair.reserve0+reserve1+blockTimestampLast", "Token.(unresolved)"). Account: its contract group, or
   * `account[msg.sender]` / `account[argN]` / `account[*]`.
   */
  name: string;
  kind: "slot" | "account";
  /** The contract's name; null for an EOA or a contract without metadata. */
  contract: string | null;
  /** KeyName.variable of a slot (null when unresolved, and for an account). */
  variable: string | null;
  /** Distinct addresses behind the entry. */
  addresses: number;
  /** Distinct storage keys behind it (0 for an account). */
  keys: number;
  /** Calls that accessed it. */
  calls: number;
}

export interface FunctionAccessList {
  /** The top-level function of the transactions ("Contract.signature"). */
  function: string;
  /** Its successful transactions. */
  calls: number;
  /** What every call accessed, sorted by address. */
  accessList: AccessListEntry[];
  /** Storage keys in accessList. */
  constantKeys: number;
  /** The rest, by calls (descending), then name. */
  varying: VaryingAccess[];
}

export interface PredictedAccessAnalysis {
  /** Blocks analysed: those whose transactions all have predicted sets. */
  blocks: number;
  /** Blocks left out because only some of their transactions have predicted sets. */
  partialBlocks: number;
  summary: PredictedAccessFigures;
  /**
   * Contract groups: the transactions touching one, its keys. Sorted by missed dependencies, then
   * incomplete transactions, then transactions (descending), then name.
   */
  contracts: NamedPredictedAccess[];
  /**
   * By the transactions' top-level function ("Contract.signature", "(ETH transfer)", "(create)"): all
   * of their keys, and the dependencies of which they are the reader. Same order.
   */
  functions: NamedPredictedAccess[];
  /** Per top-level function, by calls (descending), then name. */
  accessLists: FunctionAccessList[];
}
