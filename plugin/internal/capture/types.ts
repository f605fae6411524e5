/**
 * Data handed from the capture stage to the analyze and execute stages.
 * Plain JSON-serialisable objects (they cross worker-thread boundaries and go into the JSON report).
 *
 * Conventions:
 * - addresses are lowercase 0x-prefixed 20-byte hex;
 * - values are lowercase hex of the number with no leading zeros ("0x0", "0x1bc16d674ec80000"),
 *   so equal values are equal strings; code is the full runtime hex ("0x" when empty);
 * - a StateKey names one piece of state, see `stateKey` helpers in ./state-key.ts.
 */

/** "<address>:balance" | "<address>:nonce" | "<address>:code" | "<address>:slot:<0x + 64 hex>" */
export type StateKey = string;

export type CallType = "CALL" | "STATICCALL" | "DELEGATECALL" | "CALLCODE" | "CREATE" | "CREATE2" | "SELFDESTRUCT";

/** One frame of a transaction's call tree, in pre-order (depth 0 = the transaction itself). */
export interface CallFrame {
  depth: number;
  type: CallType;
  from: string;
  /** The account whose code runs (for CREATE, the created address). */
  to: string;
  /** The account whose storage the code reads and writes: `to`, or `from` for DELEGATECALL/CALLCODE. */
  storageAddress: string;
  /** First 4 bytes of the input ("0x" + 8 hex), or null when the input is shorter (plain transfer, fallback). */
  selector: string | null;
  input: string;
  /** Wei, as hex value string. */
  value: string;
  reverted: boolean;
}

export interface TxLog {
  address: string;
  topics: string[];
  data: string;
}

export interface CapturedTransaction {
  hash: string;
  /** Position in its block. */
  index: number;
  from: string;
  /** null for contract creation. */
  to: string | null;
  nonce: number;
  gasUsed: number;
  /** 1 success, 0 reverted. */
  status: 0 | 1;
  /** The signed transaction, RLP/typed-envelope encoded (what eth_sendRawTransaction takes). */
  raw: string;
  /**
   * Every key the transaction read, with the value it saw (before the transaction).
   * Includes keys it wrote (an SSTORE reads the slot). The block beneficiary's balance is present
   * only when the transaction reads it explicitly (see capture/README rules).
   */
  reads: Record<StateKey, string>;
  /**
   * Every key whose value the transaction changed, with its value after the transaction.
   * A "write" that leaves the value unchanged is not here (it is a read). The block beneficiary's
   * balance is here when it changed (the fee credit): it is never in `reads` unless the transaction
   * reads it explicitly, so fee credits alone never make a dependency.
   */
  writes: Record<StateKey, string>;
  calls: CallFrame[];
  logs: TxLog[];
  /**
   * Engine capture only: the access sets of this transaction run alone against the parent state
   * (the block's pre-state), as a scheduler that predicts or declares access would see them.
   * Same conventions and normalisations as `reads`/`writes`.
   */
  predicted?: AccessSets;
}

/** A transaction's read and write sets (see CapturedTransaction.reads/writes). */
export interface AccessSets {
  reads: Record<StateKey, string>;
  writes: Record<StateKey, string>;
}

/** How a block's access sets were obtained. */
export type CaptureMode = "engine" | "trace";

export interface CapturedBlock {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
  beneficiary: string;
  baseFeePerGas: string;
  gasLimit: string;
  prevRandao: string;
  transactions: CapturedTransaction[];
  /** "engine": run by the plugin's engine before EDR mined it; "trace": EDR's tracers after. */
  capturedBy?: CaptureMode;
  /** Set when engine capture was wanted but the block fell back to trace capture: why. */
  fallbackReason?: string;
}

/** What one scenario run produced. */
export interface CaptureResult {
  scenario: string;
  chainId: number;
  hardfork: string;
  blocks: CapturedBlock[];
  /** Contracts known from the project's artifacts, by deployed address. */
  contracts: Record<string, ContractMetadata>;
}

/** What the compiler tells about one deployed contract. */
export interface ContractMetadata {
  address: string;
  /** Contract name, e.g. "HotCounter". */
  name: string;
  /** Source file, e.g. "contracts/HotCounter.sol". */
  sourceName: string;
  /** selector ("0x" + 8 hex) → signature, e.g. "transfer(address,uint256)". */
  functions: Record<string, string>;
  /** The contract's state variables in storage-layout order (empty when the layout is unknown). */
  storage: StorageVariable[];
  /** Named struct/array/mapping types of the layout, by solc type id (e.g. "t_mapping(t_address,t_uint256)"). */
  storageTypes: Record<string, StorageType>;
}

export interface StorageVariable {
  label: string;
  /** Decimal slot number, as in solc's storageLayout. */
  slot: string;
  offset: number;
  /** solc type id, key into `storageTypes`. */
  type: string;
  /** Declaring contract (may differ from the deployed one for inherited variables). */
  contract: string;
  sourceName: string;
  /** 1-based line of the declaration, or null when the AST is not available. */
  line: number | null;
}

export interface StorageType {
  encoding: "inplace" | "mapping" | "dynamic_array" | "bytes";
  label: string;
  numberOfBytes: string;
  /** For mappings. */
  key?: string;
  value?: string;
  /** For arrays. */
  base?: string;
  /** For structs. */
  members?: Array<{ label: string; slot: string; offset: number; type: string }>;
}

/** A compiled contract (the project's or a prebuilt one of `parallel.artifacts`), as naming state and functions needs it. */
export interface CatalogEntry {
  name: string;
  sourceName: string;
  /** Runtime bytecode hex without 0x; immutables and library links are zeroed (see `maskedRanges`). */
  deployedBytecode: string;
  /** Byte ranges filled at deployment (immutables, linked libraries) or ignored (prebuilt artifacts' metadata hash). */
  maskedRanges: Array<{ start: number; length: number }>;
  functions: Record<string, string>;
  storage: StorageVariable[];
  storageTypes: Record<string, StorageType>;
}
