/**
 * EIP-7928 block-level access lists of captured blocks: build one (`blockAccessList`), write it as
 * the eth_getBlockAccessList JSON (`balToJson`), as RLP (`encodeBal`), hash it (`balHash`), size it
 * (`balSummary`), or write all three forms for a scenario's blocks (`writeBlockAccessLists`).
 * The rules and the EIP revision followed are in block-access-list.ts.
 */
export type {
  AccountChanges,
  BalSummary,
  BlockAccessList,
  CodeChange,
  IndexedValue,
  SlotChanges,
  SystemAccess,
} from "./types.ts";
export type { BalJson, BalJsonAccount } from "./bal-json.ts";

export { blockAccessList } from "./block-access-list.ts";
export { balToJson } from "./bal-json.ts";
export { balHash, encodeBal } from "./bal-rlp.ts";
export { balSummary } from "./bal-summary.ts";
export { writeBlockAccessLists } from "./write-bal-files.ts";
