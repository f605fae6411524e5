import type { Eip1193Provider } from "../rpc/index.ts";
import type { RpcTransaction } from "../capture/raw-transaction.ts";
import type { BlockEnv } from "../evm/index.ts";
import type { PendingTx } from "./engine-block.ts";
import type { SentRaw } from "./sent-raw.ts";

import { keccak_256 } from "@noble/hashes/sha3.js";

import { rawTransaction } from "../capture/raw-transaction.ts";
import { toValueHex } from "../capture/state-key.ts";
import { EngineUnsupported } from "./engine-block.ts";

/** The header fields of a block as eth_getBlockByNumber gives them. */
export interface RpcHeader {
  number: string | null;
  hash: string | null;
  parentHash: string;
  timestamp: string;
  miner: string;
  baseFeePerGas?: string;
  gasLimit: string;
  mixHash?: string | null;
  prevRandao?: string | null;
  gasUsed?: string;
}

interface RpcBlock<T> extends RpcHeader {
  transactions: T[];
}

/** The block about to be mined: the context it will be mined with and its transactions in order. */
export interface PendingBlock {
  env: BlockEnv;
  txs: PendingTx[];
}

/**
 * Reads the pending block (EDR orders it exactly as `evm_mine` will mine it) and fixes the context
 * of the next block on the network, so that the engine and EDR use the same one: the timestamp
 * (`evm_setNextBlockTimestamp`: the pending block's, at least the parent's + 1) and prevRandao
 * (`hardhat_setPrevRandao`: keccak256 of the parent hash). Number, beneficiary, base fee and gas
 * limit are the pending block's. `checkHeader` compares them with the mined header afterwards.
 */
export async function takePendingBlock(provider: Eip1193Provider, sent?: SentRaw): Promise<PendingBlock> {
  const pending = await readPendingBlock(provider, sent);
  await fixBlockContext(provider, pending.env);
  return pending;
}

/** Makes the network mine its next block with `env`'s timestamp and prevRandao. */
export async function fixBlockContext(provider: Eip1193Provider, env: BlockEnv): Promise<void> {
  await provider.request({ method: "evm_setNextBlockTimestamp", params: [env.timestamp] });
  await provider.request({ method: "hardhat_setPrevRandao", params: [env.prevRandao] });
}

/** The prevRandao the plugin gives the block after the one with this hash: keccak256 of the hash. */
export function prevRandaoAfter(parentHash: string): string {
  return hex(keccak_256(hexBytes(parentHash)));
}

/** The pending block as `takePendingBlock` will take it, without fixing anything on the network. */
export async function readPendingBlock(provider: Eip1193Provider, sent?: SentRaw): Promise<PendingBlock> {
  const request = (method: string, params: unknown[]) => provider.request({ method, params });
  const parent = (await request("eth_getBlockByNumber", ["latest", false])) as RpcBlock<string>;
  const pending = (await request("eth_getBlockByNumber", ["pending", true])) as RpcBlock<RpcTransaction>;
  const timestamp = Math.max(Number(pending.timestamp), Number(parent.timestamp) + 1);
  const prevRandao = prevRandaoAfter(parent.hash!);
  const env: BlockEnv = {
    number: Number(parent.number) + 1,
    timestamp,
    beneficiary: pending.miner.toLowerCase(),
    baseFeePerGas: toValueHex(pending.baseFeePerGas ?? "0x0"),
    gasLimit: toValueHex(pending.gasLimit),
    prevRandao,
    parentHash: parent.hash!,
  };
  return { env, txs: pending.transactions.map((tx) => pendingTx(tx, sent)) };
}

/** The transactions of a mined block, in order, as the engine runs them. */
export async function minedTransactions(provider: Eip1193Provider, number: number, sent?: SentRaw) {
  const params = ["0x" + number.toString(16), true];
  const block = (await provider.request({ method: "eth_getBlockByNumber", params })) as RpcBlock<RpcTransaction>;
  return block.transactions.map((tx) => pendingTx(tx, sent));
}

function pendingTx(tx: RpcTransaction, sent: SentRaw | undefined): PendingTx {
  let raw: string;
  try {
    raw = sent?.take(tx.hash) ?? rawTransaction(tx);
  } catch (error) {
    throw new EngineUnsupported((error as Error).message);
  }
  return { hash: tx.hash, from: tx.from.toLowerCase(), to: tx.to?.toLowerCase() ?? null, nonce: Number(tx.nonce), raw };
}

/** Differences between the context the engine used and the mined header ("field: engine vs EDR"). */
export function checkHeader(env: BlockEnv, mined: RpcHeader): string[] {
  const differences: string[] = [];
  const compare = (field: string, ours: string, theirs: string) => {
    if (ours !== theirs) differences.push(`${field}: engine ${ours} vs EDR ${theirs}`);
  };
  compare("number", String(env.number), String(Number(mined.number)));
  compare("parentHash", env.parentHash, mined.parentHash);
  compare("timestamp", String(env.timestamp), String(Number(mined.timestamp)));
  compare("beneficiary", env.beneficiary, mined.miner.toLowerCase());
  compare("baseFeePerGas", env.baseFeePerGas, toValueHex(mined.baseFeePerGas ?? "0x0"));
  compare("gasLimit", env.gasLimit, toValueHex(mined.gasLimit));
  compare("prevRandao", env.prevRandao, (mined.prevRandao ?? mined.mixHash ?? "").toLowerCase());
  return differences;
}

const hexBytes = (value: string) => Uint8Array.from(Buffer.from(value.slice(2), "hex"));
const hex = (bytes: Uint8Array) => "0x" + Buffer.from(bytes).toString("hex");
