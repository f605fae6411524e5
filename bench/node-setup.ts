/**
 * Set-up of the node load (bench/node-load.ts), before any timing: deploys Token A, Token B, a
 * Pair over them and a Vault4626 over A from Hardhat's funded account 0 (transactions signed
 * here with its well-known key, explicit nonces and gas), mints the senders' tokens and the pair's
 * liquidity, funds the senders with ETH, and has every sender approve the pair (A, B) and the
 * vault (A). Each round is sent, then mined with `evm_mine` (works with automine off, interval
 * mining, and the plugin's parallel-node), and its receipts are polled for, bounded in time.
 */
import type { LoadPlan, PlannedTx } from "./node-workload.ts";
import type { Rpc } from "./node-rpc.ts";

import { readFileSync } from "node:fs";
import path from "node:path";

import { Interface, Transaction, Wallet, getCreateAddress, keccak256, parseEther } from "ethers";

import { batched } from "./node-rpc.ts";
import { GAS_LIMITS, MINTED_PER_SENDER, PAIR_LIQUIDITY } from "./node-workload.ts";

/** Hardhat's default account 0 (from its well-known test mnemonic). */
export const DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/** Fees of every transaction: high enough for the base fee to rise a long way during the load. */
export const MAX_FEE_PER_GAS = 1_000n * 10n ** 9n;
export const MAX_PRIORITY_FEE_PER_GAS = 10n ** 9n;
/** Transactions each sender sends in set-up (its approvals): its load starts at this nonce. */
export const SETUP_NONCES = 3;
const APPROVE_GAS = 70_000n;
const MAX_UINT256 = (1n << 256n) - 1n;

export interface Contracts {
  A: string;
  B: string;
  pair: string;
  vault: string;
}

export interface Abis {
  token: Interface;
  pair: Interface;
  vault: Interface;
}

interface Artifact {
  abi: ConstructorParameters<typeof Interface>[0];
  bytecode: string;
}

function artifact(artifactsDir: string, name: string): Artifact {
  const file = path.join(artifactsDir, "contracts", `${name}.sol`, `${name}.json`);
  return JSON.parse(readFileSync(file, "utf8")) as Artifact;
}

export interface SignedTx {
  raw: string;
  hash: string;
}

/** Signs an EIP-1559 transaction with every field explicit (no node round trip). */
export function sign(
  wallet: Wallet,
  chainId: bigint,
  tx: { to: string | null; data?: string; value?: bigint; nonce: number; gasLimit: bigint },
): SignedTx {
  const unsigned = Transaction.from({
    type: 2,
    chainId,
    to: tx.to,
    data: tx.data ?? "0x",
    value: tx.value ?? 0n,
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    maxFeePerGas: MAX_FEE_PER_GAS,
    maxPriorityFeePerGas: MAX_PRIORITY_FEE_PER_GAS,
  });
  unsigned.signature = wallet.signingKey.sign(unsigned.unsignedHash);
  const raw = unsigned.serialized;
  return { raw, hash: keccak256(raw) };
}

export interface ReceiptJson {
  transactionHash: string;
  blockNumber: string;
  status: string;
  gasUsed: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `txs` in order, then mines until every one has a successful receipt (or `deadline`). */
export async function sendAndMine(rpc: Rpc, txs: SignedTx[], deadline: number, what: string): Promise<void> {
  for (const tx of txs) {
    const hash = await rpc.request<string>("eth_sendRawTransaction", [tx.raw]);
    if (hash !== tx.hash) throw new Error(`${what}: node answered hash ${hash}, expected ${tx.hash}`);
  }
  let missing = txs.map((tx) => tx.hash);
  for (let round = 0; missing.length > 0; round++) {
    if (Date.now() > deadline || round > 1_000) {
      throw new Error(`${what}: ${missing.length} of ${txs.length} transactions not mined in time (${missing[0]}, …)`);
    }
    await rpc.request("evm_mine");
    const calls = missing.map((hash) => ({ method: "eth_getTransactionReceipt", params: [hash] }));
    const receipts = await batched(rpc, calls, 500);
    const left: string[] = [];
    receipts.forEach((receipt, i) => {
      if (receipt instanceof Error) throw receipt;
      if (receipt === null) return void left.push(missing[i]);
      if ((receipt as ReceiptJson).status !== "0x1") throw new Error(`${what}: transaction ${missing[i]} reverted`);
    });
    missing = left;
    if (missing.length > 0) await sleep(50);
  }
}

/**
 * Everything the load needs on chain; returns the contract addresses. `beforeSending` runs once
 * they are known, before anything is sent (the load signs its transactions there: a long
 * synchronous stretch after the set-up would leave the client's idle keep-alive sockets closed by
 * the node unnoticed, and the next request on them failing).
 */
export async function setUpLoad(
  rpc: Rpc,
  plan: LoadPlan,
  artifactsDir: string,
  chainId: bigint,
  deadline: number,
  beforeSending: (contracts: Contracts, abis: Abis) => Promise<void> = async () => {},
): Promise<{ contracts: Contracts; abis: Abis }> {
  const deployer = new Wallet(DEPLOYER_KEY);
  const [token, pair, vault] = ["Token", "Pair", "Vault4626"].map((name) => artifact(artifactsDir, name));
  const abis: Abis = {
    token: new Interface(token.abi),
    pair: new Interface(pair.abi),
    vault: new Interface(vault.abi),
  };
  let nonce = Number(await rpc.request<string>("eth_getTransactionCount", [deployer.address, "pending"]));
  const txs: SignedTx[] = [];
  const send = (to: string | null, data: string, gasLimit: bigint, value = 0n): void => {
    txs.push(sign(deployer, chainId, { to, data, value, nonce: nonce++, gasLimit }));
  };
  const deploy = (code: Artifact, abi: Interface, args: unknown[]): string => {
    const address = getCreateAddress({ from: deployer.address, nonce });
    send(null, code.bytecode + abi.encodeDeploy(args).slice(2), 5_000_000n);
    return address;
  };
  const A = deploy(token, abis.token, ["Token A", "A"]);
  const B = deploy(token, abis.token, ["Token B", "B"]);
  const pairAddress = deploy(pair, abis.pair, [A, B]);
  const vaultAddress = deploy(vault, abis.vault, [A, "Vault A", "vA"]);
  const senders = plan.senders.map((wallet) => wallet.address);
  const used = await batched(
    rpc,
    senders.map((a) => ({ method: "eth_getTransactionCount", params: [a, "pending"] })),
  );
  const reused = senders.filter((_, i) => Number(used[i]) !== 0);
  if (reused.length > 0) throw new Error(`senders already used on this node (run with another seed): ${reused[0]}, …`);
  for (let i = 0; i < senders.length; i += 100) {
    const chunk = senders.slice(i, i + 100);
    const gas = 100_000n + 50_000n * BigInt(chunk.length);
    for (const t of [A, B]) send(t, abis.token.encodeFunctionData("mintBatch", [chunk, MINTED_PER_SENDER]), gas);
  }
  for (const t of [A, B]) send(t, abis.token.encodeFunctionData("mint", [pairAddress, PAIR_LIQUIDITY]), 100_000n);
  send(pairAddress, abis.pair.encodeFunctionData("addLiquidity", [0, 0, deployer.address]), 500_000n);
  // Each sender's ETH: the most its transactions can cost at the maximum fee, plus 1 ETH.
  const funds = plan.txs.map((list) => {
    const gas = list.reduce((sum, tx) => sum + GAS_LIMITS[tx.kind], APPROVE_GAS * BigInt(SETUP_NONCES));
    return gas * MAX_FEE_PER_GAS + parseEther("1");
  });
  const total = funds.reduce((sum, value) => sum + value, 0n);
  if (total > parseEther("9000")) {
    throw new Error(`the senders need ${total / 10n ** 18n} ETH at the maximum fee: more than account 0 holds`);
  }
  senders.forEach((to, i) => send(to, "0x", 21_000n, funds[i]));
  const contracts = { A, B, pair: pairAddress, vault: vaultAddress };
  await beforeSending(contracts, abis);
  await sendAndMine(rpc, txs, deadline, "set-up (deploy, mint, fund)");

  const approvals = plan.senders.flatMap((wallet) =>
    [
      [A, pairAddress],
      [B, pairAddress],
      [A, vaultAddress],
    ].map(([t, spender], nonce) =>
      sign(wallet, chainId, {
        to: t,
        data: abis.token.encodeFunctionData("approve", [spender, MAX_UINT256]),
        nonce,
        gasLimit: APPROVE_GAS,
      }),
    ),
  );
  await sendAndMine(rpc, approvals, deadline, "set-up (approvals)");
  return { contracts, abis };
}

/** Every sender's load transactions, signed, from nonce `firstNonce` on (yielding now and then). */
export async function loadTransactions(
  plan: LoadPlan,
  contracts: Contracts,
  abis: Abis,
  chainId: bigint,
  firstNonce: number,
): Promise<SignedTx[][]> {
  const call = (tx: PlannedTx, me: string): { to: string; data: string } => {
    if (tx.kind === "transfer") {
      return { to: contracts[tx.token], data: abis.token.encodeFunctionData("transfer", [tx.to, tx.amount]) };
    }
    if (tx.kind === "swap") {
      const data = abis.pair.encodeFunctionData("swap", [tx.amount, contracts[tx.tokenIn], 0, plan.sink]);
      return { to: contracts.pair, data };
    }
    return { to: contracts.vault, data: abis.vault.encodeFunctionData("deposit", [tx.amount, me]) };
  };
  const signed: SignedTx[][] = [];
  for (const [i, wallet] of plan.senders.entries()) {
    const txs = plan.txs[i].map((tx, j) =>
      sign(wallet, chainId, { ...call(tx, wallet.address), nonce: firstNonce + j, gasLimit: GAS_LIMITS[tx.kind] }),
    );
    signed.push(txs);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return signed;
}
