import type { Eip1193Provider } from "../rpc/index.ts";
import type { CapturedBlock } from "./types.ts";
import type { RpcTransaction } from "./raw-transaction.ts";

import { toValueHex } from "./state-key.ts";
import { traceBlock } from "./trace-block.ts";
import { traceTransaction } from "./trace-transaction.ts";

interface RpcBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  miner: string;
  baseFeePerGas?: string;
  gasLimit: string;
  mixHash?: string;
  prevRandao?: string;
  transactions: RpcTransaction[];
}

/**
 * Captures blocks `from`..`to` (inclusive) of a Hardhat network: header fields and, for every
 * transaction, its access sets, call frames and receipt. Empty blocks are skipped.
 * `onTransaction` is called after each transaction (progress). `byBlock`: three
 * debug_traceBlockByNumber calls a block (a node over HTTP), debug_traceTransaction where it fails.
 */
export async function captureBlocks(
  provider: Eip1193Provider,
  from: number,
  to: number,
  onTransaction: () => void = () => {},
  byBlock = false,
): Promise<CapturedBlock[]> {
  const blocks: CapturedBlock[] = [];
  for (let number = from; number <= to; number++) {
    const block = (await provider.request({
      method: "eth_getBlockByNumber",
      params: ["0x" + number.toString(16), true],
    })) as RpcBlock;
    if (block.transactions.length === 0) continue;
    const beneficiary = block.miner.toLowerCase();
    const wholeBlock = byBlock ? await traceBlock(provider, number, block.transactions, beneficiary) : undefined;
    const transactions = wholeBlock ?? [];
    if (wholeBlock !== undefined) wholeBlock.forEach(() => onTransaction());
    for (const tx of wholeBlock === undefined ? block.transactions : []) {
      transactions.push(await traceTransaction(provider, tx, beneficiary));
      onTransaction();
    }
    blocks.push({
      number,
      hash: block.hash,
      parentHash: block.parentHash,
      timestamp: Number(block.timestamp),
      beneficiary,
      baseFeePerGas: toValueHex(block.baseFeePerGas ?? "0x0"),
      gasLimit: toValueHex(block.gasLimit),
      prevRandao: block.prevRandao ?? block.mixHash ?? "0x" + "0".repeat(64),
      transactions,
    });
  }
  return blocks;
}

/** The number of the latest block. */
export async function latestBlockNumber(provider: Eip1193Provider): Promise<number> {
  return Number(await provider.request({ method: "eth_blockNumber" }));
}
