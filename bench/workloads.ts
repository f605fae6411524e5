import type { Rpc } from "../test/execute/support/rpc.ts";

import { AbiCoder, keccak256 } from "ethers";

import { abi, deploy } from "../test/execute/support/fuzz-world.ts";
import { Random } from "../test/execute/support/random.ts";
import { call, hex } from "../test/execute/support/rpc.ts";

/** A transaction for eth_sendTransaction (the network holds every account's key and signs). */
export interface BenchTx {
  from: string;
  to: string;
  data: string;
  value?: bigint;
  gas: number;
}

export interface Workload {
  name: string;
  description: string;
  /** Deploys and funds (automine on) and returns the block's transactions, in the order to send. */
  build(rpc: Rpc, accounts: string[], size: number): Promise<BenchTx[]>;
}

const coder = AbiCoder.defaultAbiCoder();
const slotOfBalance = (holder: string) => keccak256(coder.encode(["address", "uint256"], [holder, 0]));
const slotOfAllowance = (owner: string, spender: string) =>
  keccak256(
    coder.encode(["address", "bytes32"], [spender, keccak256(coder.encode(["address", "uint256"], [owner, 1]))]),
  );
const word = (value: bigint) => "0x" + value.toString(16).padStart(64, "0");

async function setStorage(rpc: Rpc, address: string, slot: string, value: bigint) {
  await call(rpc, "hardhat_setStorageAt", address, slot, word(value));
}

async function newToken(rpc: Rpc, owner: string): Promise<string> {
  return deploy(rpc, owner, "FuzzToken.sol", "FuzzToken", abi.token);
}

/** A pool with 1e24 of each token (storage set directly: reserves and the pool's token balances). */
async function newPool(rpc: Rpc, owner: string, token0: string, token1: string): Promise<string> {
  const pool = await deploy(rpc, owner, "FuzzPool.sol", "FuzzPool", abi.pool, [token0, token1]);
  const liquidity = 10n ** 24n;
  await setStorage(rpc, pool, word(0n), liquidity);
  await setStorage(rpc, pool, word(1n), liquidity);
  await setStorage(rpc, token0, slotOfBalance(pool), liquidity);
  await setStorage(rpc, token1, slotOfBalance(pool), liquidity);
  return pool;
}

const MAX = (1n << 256n) - 1n;

/** Gives `user` tokens and an unlimited allowance for each spender. */
async function fund(rpc: Rpc, token: string, user: string, spenders: string[]) {
  await setStorage(rpc, token, slotOfBalance(user), 10n ** 24n);
  for (const spender of spenders) await setStorage(rpc, token, slotOfAllowance(user, spender), MAX);
}

const transfer = (token: string, from: string, to: string, amount: bigint): BenchTx => ({
  from,
  to: token,
  data: abi.token.encodeFunctionData("transfer", [to, amount]),
  gas: 100_000,
});

const swap = (pool: string, from: string, zeroForOne: boolean, amount: bigint): BenchTx => ({
  from,
  to: pool,
  data: abi.pool.encodeFunctionData("swap", [zeroForOne, amount, 0n]),
  gas: 250_000,
});

export const WORKLOADS: Workload[] = [
  {
    name: "erc20-independent",
    description: "ERC20 transfers, distinct senders and receivers (no dependencies)",
    async build(rpc, accounts, size) {
      const token = await newToken(rpc, accounts[0]);
      const random = new Random(1);
      const txs: BenchTx[] = [];
      for (let i = 0; i < size; i++) {
        const from = accounts[1 + i];
        await fund(rpc, token, from, []);
        txs.push(transfer(token, from, random.freshAddress(), 10n ** 18n));
      }
      return txs;
    },
  },
  {
    name: "swaps-100-pools",
    description: "AMM swaps spread over 100 pools (chains of ~size/100 per pool)",
    async build(rpc, accounts, size) {
      return swaps(rpc, accounts, size, 100);
    },
  },
  {
    name: "swaps-1-pool",
    description: "AMM swaps on one pool (full contention: every swap depends on the previous one)",
    async build(rpc, accounts, size) {
      return swaps(rpc, accounts, size, 1);
    },
  },
  {
    name: "mixed-defi",
    description: "50% ERC20 transfers, 30% swaps on 20 pools, 10% lending deposits (shared totals), 10% ETH transfers",
    async build(rpc, accounts, size) {
      const owner = accounts[0];
      const tokens = [await newToken(rpc, owner), await newToken(rpc, owner), await newToken(rpc, owner)];
      const pools: string[] = [];
      for (let i = 0; i < 20; i++) pools.push(await newPool(rpc, owner, tokens[i % 3], tokens[(i + 1) % 3]));
      const lender = await deploy(rpc, owner, "FuzzLender.sol", "FuzzLender", abi.lender, [tokens[0]]);
      const random = new Random(4);
      const txs: BenchTx[] = [];
      for (let i = 0; i < size; i++) {
        const from = accounts[1 + i];
        const roll = random.next();
        if (roll < 0.5) {
          const token = random.pick(tokens);
          await fund(rpc, token, from, []);
          txs.push(
            transfer(
              token,
              from,
              random.chance(0.8) ? random.freshAddress() : accounts[1 + random.int(size)],
              10n ** 18n,
            ),
          );
        } else if (roll < 0.8) {
          const p = random.int(pools.length);
          const zeroForOne = random.chance(0.5);
          await fund(rpc, zeroForOne ? tokens[p % 3] : tokens[(p + 1) % 3], from, [pools[p]]);
          txs.push(swap(pools[p], from, zeroForOne, 10n ** 18n));
        } else if (roll < 0.9) {
          await fund(rpc, tokens[0], from, [lender]);
          txs.push({ from, to: lender, data: abi.lender.encodeFunctionData("deposit", [10n ** 18n]), gas: 200_000 });
        } else {
          txs.push({ from, to: random.freshAddress(), data: "0x", value: 10n ** 15n, gas: 21_000 });
        }
      }
      return txs;
    },
  },
];

async function swaps(rpc: Rpc, accounts: string[], size: number, poolCount: number): Promise<BenchTx[]> {
  const owner = accounts[0];
  const token0 = await newToken(rpc, owner);
  const token1 = await newToken(rpc, owner);
  const pools: string[] = [];
  for (let i = 0; i < poolCount; i++) pools.push(await newPool(rpc, owner, token0, token1));
  const random = new Random(2);
  const txs: BenchTx[] = [];
  for (let i = 0; i < size; i++) {
    const from = accounts[1 + i];
    const pool = pools[random.int(poolCount)];
    const zeroForOne = random.chance(0.5);
    await fund(rpc, zeroForOne ? token0 : token1, from, [pool]);
    txs.push(swap(pool, from, zeroForOne, 10n ** 18n));
  }
  return txs;
}

/** A block EDR mined from pending transactions, which it can mine again, identically (`remine`). */
export interface EdrBlock {
  number: number;
  /** The first mining. */
  mineMs: number;
  /** Mines the same block again from the same state and mempool (snapshot, revert) and times it. */
  remine(): Promise<number>;
}

/** Sends the transactions with automine off: they stay pending. */
export async function sendPending(rpc: Rpc, txs: BenchTx[]): Promise<void> {
  await call(rpc, "evm_setAutomine", false);
  const nonces = new Map<string, number>();
  for (const tx of txs) {
    let nonce = nonces.get(tx.from);
    if (nonce === undefined) nonce = Number(await call<string>(rpc, "eth_getTransactionCount", tx.from, "latest"));
    nonces.set(tx.from, nonce + 1);
    await call(rpc, "eth_sendTransaction", {
      from: tx.from,
      to: tx.to,
      data: tx.data,
      value: hex(tx.value ?? 0n),
      gas: hex(tx.gas),
      nonce: hex(nonce),
      maxFeePerGas: hex(100n * 10n ** 9n),
      maxPriorityFeePerGas: hex(10n ** 9n),
    });
  }
}

/** Sends the transactions with automine off and times EDR mining them into one block. */
export async function mineWithEdr(rpc: Rpc, txs: BenchTx[]): Promise<EdrBlock> {
  await sendPending(rpc, txs);
  // EDR's snapshots hold the mempool too: reverting brings the pending transactions back.
  let snapshot = await call<string>(rpc, "evm_snapshot");
  const timedMine = async () => {
    const start = performance.now();
    await call(rpc, "evm_mine");
    return performance.now() - start;
  };
  const mineMs = await timedMine();
  const number = Number(await call<string>(rpc, "eth_blockNumber"));
  const count = Number(await call<string>(rpc, "eth_getBlockTransactionCountByNumber", hex(number)));
  if (count !== txs.length) throw new Error(`EDR mined ${count} of ${txs.length} transactions in one block`);
  const { hash, timestamp } = await call<{ hash: string; timestamp: string }>(
    rpc,
    "eth_getBlockByNumber",
    hex(number),
    false,
  );
  const remine = async () => {
    if (!(await call<boolean>(rpc, "evm_revert", snapshot)))
      throw new Error("EDR could not revert to the snapshot before the block");
    snapshot = await call<string>(rpc, "evm_snapshot");
    await call(rpc, "evm_setNextBlockTimestamp", timestamp);
    const ms = await timedMine();
    const again = await call<{ hash: string }>(rpc, "eth_getBlockByNumber", hex(number), false);
    if (again.hash !== hash) throw new Error(`EDR mined a different block ${number} the second time`);
    return ms;
  };
  return { number, mineMs, remine };
}
