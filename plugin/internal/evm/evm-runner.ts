import type { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";
import type { VM } from "@ethereumjs/vm";
import type { StateKey, TxLog } from "../capture/types.ts";
import type { CodeStore } from "./code-store.ts";
import type { StateValue } from "./state-values.ts";
import type { StateSource } from "./state-source.ts";

import { createBlock } from "@ethereumjs/block";
import { type Common, Mainnet, createCustomCommon } from "@ethereumjs/common";
import { createTxFromRLP, paramsTx } from "@ethereumjs/tx";
import { Address, bytesToHex, hexToBytes } from "@ethereumjs/util";
import { createVM, runTx } from "@ethereumjs/vm";

import { installBalanceReadHooks } from "./balance-read-hooks.ts";
import { cacheJumpAnalysis } from "./jump-analysis-cache.ts";
import { keccak256, loadKeccak } from "./keccak.ts";
import { nativeEcrecover } from "./native-ecrecover.ts";
import { MissingStateError } from "./state-values.ts";
import { typedSigningHash } from "./signing-hash.ts";
import { installSyncInterpreter } from "./sync-interpreter.ts";
import { type TimestampNoting, installTimestampReads } from "./timestamp-reads.ts";
import { TxStateView } from "./tx-state-view.ts";
import { installVmShortcuts, vmKeccak256 } from "./vm-shortcuts.ts";

/** The chain the block ran on (Hardhat: chain id 31337, hardfork "osaka" in Hardhat 3.18). */
export interface ChainConfig {
  chainId: number;
  hardfork: string;
}

/** The header fields a transaction can observe. */
export interface BlockEnv {
  number: number;
  timestamp: number;
  beneficiary: string;
  baseFeePerGas: string;
  gasLimit: string;
  prevRandao: string;
  parentHash: string;
}

/** One execution (incarnation) of one transaction. */
export interface TxRun {
  /** False when the transaction could not be included (bad nonce, funds, ...): see `error`. */
  valid: boolean;
  error?: string;
  /** Set when execution stopped because this pre-state key is unknown (fetch it and run again). */
  missing?: StateKey;
  status: 0 | 1;
  gasUsed: number;
  logs: TxLog[];
  reads: Map<StateKey, StateValue>;
  writes: Map<StateKey, StateValue>;
  /**
   * Written keys with their values after the transaction; a `<address>:credit` key is a delta added
   * to that contract's balance, which the transaction did not read (TxStateView; `absoluteWrites`).
   */
  feeDelta: bigint;
  /** Code deployed by the transaction, by hash. */
  newCode: Array<[string, Uint8Array]>;
  /** The recovered sender (lowercase hex). */
  sender: string;
  /** Keys written at some point of the run, also those that end unchanged (the capture lists them). */
  touched?: Iterable<StateKey>;
  /** The code read the block's timestamp (TIMESTAMP). */
  readsTimestamp?: boolean;
}

/**
 * One ethereumjs VM over a TxStateView, reused for every transaction (a VM per transaction is
 * ~3× slower). Decodes signed transactions (recovering each sender once) and runs them.
 */
export class EvmRunner {
  readonly view: TxStateView;
  readonly vm: VM;
  /** The Common every decoded transaction shares (see `sharedTxCommon`). */
  private readonly txCommon: Common;
  private block: Block | undefined;
  /** Report `TxRun.touched` (capture only: results that cross to other threads stay as they were). */
  recordTouched = false;
  private coinbase = "";

  private constructor(vm: VM, view: TxStateView) {
    this.vm = vm;
    this.view = view;
    this.txCommon = sharedTxCommon(vm.common);
  }

  static async create(chain: ChainConfig, codes: CodeStore): Promise<EvmRunner> {
    await loadKeccak();
    const ecrecover = nativeEcrecover();
    const common = createCustomCommon({ chainId: chain.chainId }, Mainnet, {
      hardfork: chain.hardfork,
      customCrypto: ecrecover === undefined ? { keccak256: vmKeccak256 } : { ecrecover, keccak256: vmKeccak256 },
    });
    await cacheJumpAnalysis(common);
    const view = new TxStateView(codes);
    const vm = await createVM({ common, stateManager: view });
    await installSyncInterpreter(common, (vm.evm as unknown as { _opcodeMap?: [] })._opcodeMap);
    installVmShortcuts(vm);
    installBalanceReadHooks(vm, view);
    await installTimestampReads(common);
    const runner = new EvmRunner(vm, view);
    // ethereumjs credits the fee after the top-level call returns: tell the view (see TxStateView).
    const evm = vm.evm as unknown as { runCall(opts: { message?: unknown }): Promise<unknown> };
    const runCall = evm.runCall.bind(evm);
    evm.runCall = async (opts) => {
      const result = await runCall(opts);
      if (opts.message === undefined) view.settling = true;
      return result;
    };
    return runner;
  }

  /** Sets the block the next transactions run in, and the code store their state refers to. */
  setBlock(env: BlockEnv, codes: CodeStore): void {
    this.view.codes = codes;
    this.coinbase = env.beneficiary.toLowerCase();
    this.block = createBlock(
      {
        header: {
          number: BigInt(env.number),
          timestamp: BigInt(env.timestamp),
          coinbase: hexToBytes(this.coinbase as `0x${string}`),
          baseFeePerGas: BigInt(env.baseFeePerGas),
          gasLimit: BigInt(env.gasLimit),
          mixHash: hexToBytes(env.prevRandao as `0x${string}`),
          parentHash: hexToBytes(env.parentHash as `0x${string}`),
        },
      },
      { common: this.vm.common, skipConsensusFormatValidation: true },
    );
  }

  /**
   * Decodes a signed transaction; `sender` (when already known) skips signature recovery. A typed
   * transaction's signing hash is cut from its encoding (signing-hash.ts) rather than re-encoded.
   */
  decode(raw: string, sender?: string): TypedTransaction {
    const bytes = hexToBytes(raw as `0x${string}`);
    const tx = createTxFromRLP(bytes, { common: this.txCommon, freeze: false }) as TypedTransaction;
    if (sender === undefined) {
      const signed = typedSigningHash(bytes, vmKeccak256);
      if (signed !== undefined) {
        (tx as { getMessageToVerifySignature(): Uint8Array }).getMessageToVerifySignature = () => signed;
      }
    }
    // The address from the recovered key with our keccak (ethereumjs' own is the slow one).
    const address = new Address(
      sender === undefined ? keccak256(tx.getSenderPublicKey()).subarray(12) : hexToBytes(sender as `0x${string}`),
    );
    (tx as { getSenderAddress(): Address }).getSenderAddress = () => address;
    return tx;
  }

  /**
   * Runs one transaction over `source`. `alone` skips the nonce and balance checks: a transaction
   * run by itself against an earlier state (a predicted access list) may not be valid there yet.
   */
  async run(tx: TypedTransaction, source: StateSource, alone = false): Promise<TxRun> {
    const view = this.view;
    this.vm.evm.journal.cleanJournal();
    view.begin(source, this.coinbase);
    const sender = tx.getSenderAddress().toString();
    // The sender pays the gas: its balance is read.
    view.markBalanceRead(sender);
    const evm = this.vm.evm as TimestampNoting;
    evm.timestampRead = false;
    try {
      const result = await runTx(this.vm, {
        tx,
        block: this.block,
        skipHardForkValidation: true,
        ...(alone ? { skipNonce: true, skipBalance: true } : {}),
      });
      const { reads, writes, feeDelta, newCode, touched } = view.finish();
      return {
        valid: true,
        status: result.execResult.exceptionError === undefined ? 1 : 0,
        gasUsed: Number(result.totalGasSpent),
        logs: (result.execResult.logs ?? []).map(toTxLog),
        reads,
        writes,
        feeDelta,
        newCode,
        ...(this.recordTouched ? { touched: touched() } : {}),
        sender,
        readsTimestamp: evm.timestampRead,
      };
    } catch (error) {
      view.discardWrites();
      const { reads } = view.finish();
      const missing = error instanceof MissingStateError ? error.key : undefined;
      return {
        valid: false,
        error: missing === undefined ? String((error as Error)?.message ?? error) : undefined,
        missing,
        status: 0,
        gasUsed: 0,
        logs: [],
        reads,
        writes: new Map(),
        feeDelta: 0n,
        newCode: [],
        sender,
      };
    }
  }
}

/**
 * A Common for decoded transactions that they share instead of copying: ethereumjs copies the
 * Common and merges the transaction parameters into it (JSON round trips) for every transaction,
 * ~9% of the whole run. Transactions only read it here (hardfork validation is skipped).
 */
function sharedTxCommon(common: Common): Common {
  const shared = common.copy();
  shared.updateParams(paramsTx);
  const updateParams = shared.updateParams.bind(shared);
  shared.copy = () => shared;
  shared.updateParams = (params) => {
    if (params !== paramsTx) updateParams(params);
  };
  return shared;
}

function toTxLog(log: [Uint8Array, Uint8Array[], Uint8Array]): TxLog {
  return { address: bytesToHex(log[0]), topics: log[1].map((topic) => bytesToHex(topic)), data: bytesToHex(log[2]) };
}
