/**
 * evm/: the engine. ethereumjs's VM on a flat state (no trie): one transaction at a time against a
 * StateSource, what it read and wrote recorded (evm-runner.ts, tx-state-view.ts), with what makes
 * it fast (sync-interpreter.ts, jump-analysis-cache.ts, keccak.ts, native-ecrecover.ts,
 * signing-hash.ts, vm-shortcuts.ts); and the state it reads: values by key (state-values.ts), the
 * pre-state (pre-state.ts), code by hash (code-store.ts), state fetched from a node
 * (provider-prestate.ts). The executors and the replay build on it; it imports no other stage.
 */
export type { BlockEnv, ChainConfig, TxRun } from "./evm-runner.ts";
export { EvmRunner } from "./evm-runner.ts";
export type { StateSource } from "./state-source.ts";
export { TxStateView } from "./tx-state-view.ts";
export { CodeStore } from "./code-store.ts";
export { PreState, fromCaptureValue } from "./pre-state.ts";
export { fetchState } from "./provider-prestate.ts";
export type { StateValue } from "./state-values.ts";
export {
  CREDIT_SUFFIX,
  EMPTY_CODE_HASH,
  MissingStateError,
  absoluteWrites,
  addressOfKey,
  creditedBalance,
  isCreditKey,
  balanceOf,
  codeOf,
  isCodeKey,
  nonceOf,
  slotOf,
  toCaptureValue,
  word32,
} from "./state-values.ts";
export type { RlpItem } from "./rlp-item.ts";
export { rlpItem, rlpListItems } from "./rlp-item.ts";
export { keccak256, loadKeccak } from "./keccak.ts";
export { RunningState } from "./running-state.ts";
