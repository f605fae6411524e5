/**
 * The test-suite analysis (`parallel-report --tests`): what each mined call touched, named after the
 * storage layout, and what follows from it. Plain JSON-able objects; they are also the `suite` part of
 * the JSON report. Definitions: README.md, "Contention from your test suite, and a CI gate".
 */
import type { ParallelFigures } from "../analyze/types.ts";

/** One piece of contract state a call read or wrote. */
export interface TouchedKey {
  /** "<chain id>/<state key>": keys of different chains (connections) never meet. */
  key: string;
  address: string;
  /** Contract name (or the address of a contract without artifact). */
  contract: string;
  /**
   * Top-level variable ("depositCount", packed ones joined: "reserve0+reserve1+blockTimestampLast"),
   * "(ETH balance)", "(nonce)", or the slot when unresolved.
   */
  variable: string;
  /** Full name, e.g. "Token.balances[0xab…]". */
  name: string;
  sourceName: string | null;
  line: number | null;
  /** Mapping keys and array indexes in the name, as written there ("0xab…", "42"). */
  indexes: string[];
  /**
   * An index is the address that called into this storage (msg.sender of a frame on it) or a word of
   * such a frame's input: the caller chose this key.
   */
  chosenByCaller: boolean;
  /** Functions whose frames ran on this storage in the call. */
  functions: string[];
  /** Value before the call. */
  before: string;
  /** Value after the call (writes only). */
  after?: string;
}

/** One successful mined call (contract creations excluded), in capture order. */
export interface CallRecord {
  order: number;
  /** The chain (connection) it was mined on. */
  chain: string;
  hash: string;
  sender: string;
  gasUsed: number;
  /** Its block's timestamp. */
  timestamp: number;
  /** Functions of its frames, the top-level one first. */
  functions: string[];
  /** Contract state read, written keys included (a write reads first). */
  reads: TouchedKey[];
  writes: TouchedKey[];
  /** Values (hex) of the 32-byte words of its frames' inputs and its logs' data: candidate amounts. */
  words: string[];
}

export type KeySharing = "shared" | "per-caller";

/** A key written by a function, and by whom. */
export interface WrittenKey {
  name: string;
  /** Distinct senders whose calls of the function wrote it. */
  senders: number;
  calls: number;
  /** "shared": written by calls of this function from two or more distinct senders. */
  sharing: KeySharing;
  chosenByCaller: boolean;
  /** The key is indexed by the sender of every call that wrote it (balances[msg.sender]). */
  keyedBySender: boolean;
}

export interface VariableRef {
  contract: string;
  variable: string;
  sourceName: string | null;
  line: number | null;
}

export interface WrittenVariable extends VariableRef {
  keys: WrittenKey[];
  /** Keys with sharing "shared". */
  sharedKeys: number;
}

export interface FunctionAccess {
  /** "Contract.signature". */
  function: string;
  contract: string;
  calls: number;
  senders: number;
  /** Variables read and not written by the function. */
  reads: VariableRef[];
  writes: WrittenVariable[];
}

/** f (writer) and g (reader) conflict: a call of f writes a key that a call of g from another sender reads. */
export interface ConflictCell {
  writer: string;
  reader: string;
  /** "Contract.variable" through which they conflict. */
  variables: string[];
  keys: number;
}

export interface SuiteContract {
  name: string;
  sourceName: string | null;
  calls: number;
  senders: number;
  /** Virtual-block figures; null when fewer than two senders called it (nothing to measure). */
  figures: ParallelFigures | null;
}

export type PatternKind = "balance" | "counter" | "total" | "accumulator" | "reserves";

/** A contention hotspot: a variable with a key shared by the calls of some function. */
export interface SuiteHotspot extends VariableRef {
  /** Shared keys of the variable (not chosen by the caller). */
  keys: string[];
  /** Functions whose calls share them, with the most distinct senders on one key. */
  writers: Array<{ function: string; senders: number }>;
  /** Contention edges of the virtual blocks through the variable. */
  dependencies: number;
  pattern: PatternKind | null;
}

export interface Suggestion {
  pattern: PatternKind;
  contract: string;
  variables: VariableRef[];
  functions: string[];
  /** Why the pattern was recognised, from the data. */
  evidence: string;
  advice: string;
}

export interface SuiteAnalysis {
  transactions: { mined: number; analysed: number; untraced: number };
  contracts: SuiteContract[];
  functions: FunctionAccess[];
  matrix: ConflictCell[];
  hotspots: SuiteHotspot[];
  /** Shared keys the callers chose (a common recipient, msg.sender being one contract): listed, not hotspots. */
  sharedByChoice: Array<VariableRef & { keys: string[]; functions: string[] }>;
  suggestions: Suggestion[];
}
