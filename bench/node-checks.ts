/**
 * What the node load (bench/node-load.ts) checks after the run: the blocks read back with their
 * full transactions (which block holds each hash; each sender's nonces in chain order), the ERC20
 * balances and vault shares against the plan's expectation (bench/node-workload.ts), and every
 * sender's final nonce. Each check returns one line per difference (none: all is well).
 */
import type { Abis, Contracts } from "./node-setup.ts";
import type { RpcCall, Rpc } from "./node-rpc.ts";
import type { ExpectedBalances, LoadPlan, TokenName } from "./node-workload.ts";

import { batched } from "./node-rpc.ts";

export interface LoadBlock {
  number: number;
  /** Hashes of the block's transactions, in order. */
  transactions: string[];
}

export interface ReadBlocks {
  blocks: LoadBlock[];
  /** Block numbers holding each transaction hash (more than one: a duplicate). */
  blocksOf: Map<string, number[]>;
  /** Nonces of each sender's transactions (lower-case address), in chain order. */
  noncesOf: Map<string, number[]>;
}

interface FullBlock {
  number: string;
  transactions: Array<{ hash: string; from: string; nonce: string }>;
}

/** Blocks `from`…`to` with their transactions, read in batches until `deadline`. */
export async function readBlocks(rpc: Rpc, from: number, to: number, deadline: number): Promise<ReadBlocks> {
  const read: ReadBlocks = { blocks: [], blocksOf: new Map(), noncesOf: new Map() };
  for (let start = from; start <= to; start += 20) {
    if (Date.now() > deadline) throw new Error(`reading blocks ${from}…${to}: out of time at block ${start}`);
    const numbers = Array.from({ length: Math.min(20, to - start + 1) }, (_, i) => start + i);
    const calls = numbers.map((n) => ({ method: "eth_getBlockByNumber", params: ["0x" + n.toString(16), true] }));
    for (const block of (await batched(rpc, calls)) as FullBlock[]) {
      const number = Number(block.number);
      read.blocks.push({ number, transactions: block.transactions.map((tx) => tx.hash) });
      for (const tx of block.transactions) {
        read.blocksOf.set(tx.hash, [...(read.blocksOf.get(tx.hash) ?? []), number]);
        const from = tx.from.toLowerCase();
        read.noncesOf.set(from, [...(read.noncesOf.get(from) ?? []), Number(tx.nonce)]);
      }
    }
  }
  return read;
}

/** Differences between the expected and the actual balances, shares and pool totals. */
export async function checkBalances(
  rpc: Rpc,
  plan: LoadPlan,
  contracts: Contracts,
  abis: Abis,
  expected: ExpectedBalances,
): Promise<string[]> {
  const checks: Array<{ what: string; to: string; data: string; expected: bigint }> = [];
  const balanceOf = (token: TokenName, holder: string): { to: string; data: string } => ({
    to: contracts[token],
    data: abis.token.encodeFunctionData("balanceOf", [holder]),
  });
  for (const token of ["A", "B"] as const) {
    for (const [holder, value] of expected.tokens[token]) {
      checks.push({ what: `${token}.balanceOf(${holder})`, ...balanceOf(token, holder), expected: value });
    }
  }
  for (const [holder, value] of expected.shares) {
    const data = abis.vault.encodeFunctionData("balanceOf", [holder]);
    checks.push({ what: `vault.balanceOf(${holder})`, to: contracts.vault, data, expected: value });
  }
  const totalSupply = abis.vault.encodeFunctionData("totalSupply");
  checks.push({
    what: "vault.totalSupply()",
    to: contracts.vault,
    data: totalSupply,
    expected: expected.vaultTotalSupply,
  });
  const vaultAssets = { what: "A.balanceOf(vault)", ...balanceOf("A", contracts.vault) };
  checks.push({ ...vaultAssets, expected: expected.vaultTotalSupply });
  const values = (await batched(
    rpc,
    checks.map((check) => ({ method: "eth_call", params: [{ to: check.to, data: check.data }, "latest"] })),
  )) as string[];
  const differences = checks
    .map((check, i) => ({ ...check, actual: BigInt(values[i]) }))
    .filter((check) => check.actual !== check.expected)
    .map((check) => `${check.what}: expected ${check.expected}, got ${check.actual}`);

  // The pair's and the sink's balances depend on the swaps' order; their sum does not.
  for (const token of ["A", "B"] as const) {
    const calls = [contracts.pair, plan.sink].map((holder) => ({
      method: "eth_call",
      params: [balanceOf(token, holder), "latest"],
    }));
    const [pair, sink] = ((await batched(rpc, calls)) as string[]).map((value) => BigInt(value));
    if (pair + sink !== expected.pairPlusSink[token]) {
      differences.push(
        `${token}: balanceOf(pair) + balanceOf(sink) = ${pair + sink}, expected ${expected.pairPlusSink[token]}`,
      );
    }
  }
  return differences;
}

/**
 * Each sender's nonce (latest and pending) equals `firstNonce` plus what it sent, and its load
 * transactions in the chain carry the nonces firstNonce, firstNonce + 1, … once each, in order.
 */
export async function checkNonces(
  rpc: Rpc,
  plan: LoadPlan,
  noncesOf: Map<string, number[]>,
  sentPerSender: number[],
  firstNonce: number,
): Promise<string[]> {
  const addresses = plan.senders.map((wallet) => wallet.address);
  const calls = (tag: string): RpcCall[] =>
    addresses.map((address) => ({ method: "eth_getTransactionCount", params: [address, tag] }));
  const latest = (await batched(rpc, calls("latest"))) as string[];
  const pending = (await batched(rpc, calls("pending"))) as string[];
  const differences: string[] = [];
  addresses.forEach((address, i) => {
    const want = firstNonce + sentPerSender[i];
    if (Number(latest[i]) !== want) differences.push(`${address}: nonce ${Number(latest[i])}, expected ${want}`);
    if (Number(pending[i]) !== want)
      differences.push(`${address}: pending nonce ${Number(pending[i])}, expected ${want}`);
    const seen = noncesOf.get(address.toLowerCase()) ?? [];
    const bad = seen.findIndex((nonce, j) => nonce !== firstNonce + j);
    if (bad !== -1 || seen.length !== sentPerSender[i]) {
      const shown = seen.length > 12 ? `${seen.slice(0, 12).join(", ")}, …` : seen.join(", ");
      differences.push(
        `${address}: load nonces in the chain [${shown}] (${seen.length}), expected ${firstNonce}…${want - 1}`,
      );
    }
  });
  return differences;
}
