/**
 * The public scenario API: a workload that `npx hardhat parallel-report` runs on the in-process
 * Hardhat network. Import it in your own workloads:
 *
 *   import { defineScenario } from "hardhat-parallel/scenario";
 *
 * A scenario module default-exports `defineScenario({...})`. The task runs `setup` with automine
 * on (deploy and fund; nothing is captured), then turns automine off and runs `run`: every
 * transaction `run` sends stays pending until the plugin mines it — each time `blockSize`
 * transactions are pending, when `run` calls `ctx.mine()`, and once more when `run` returns.
 * Every block mined during `run` is captured and analysed.
 *
 * Send transactions without waiting for receipts (`await token.transfer(...)` returns once the
 * transaction is pending; do not call `.wait()` inside `run`, the block is not mined yet). A `run`
 * that needs a receipt calls `ctx.mineAndWait(tx)`. A `run` that waits anyway gets a line on stderr
 * after a few seconds with nothing mined.
 *
 * Scenarios deploy and send with ethers (`ctx.ethers`, `ctx.deployer`, `ctx.users`: with
 * @nomicfoundation/hardhat-ethers, which this plugin loads whenever it is installed) or with viem
 * (`ctx.viem`: with @nomicfoundation/hardhat-viem among the project's plugins, e.g. through
 * @nomicfoundation/hardhat-toolbox-viem). Using one whose plugin is not loaded throws an error that
 * names the package to add.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { HardhatViemHelpers, PublicClient, WalletClient } from "@nomicfoundation/hardhat-viem/types";
import type { NetworkConnection } from "hardhat/types/network";
import type { TransactionReceipt } from "viem";

export interface ScenarioSizes {
  /** Funded user accounts available in `ctx.users`. */
  users: number;
  /** How many transactions `run` should send (the scenario decides how to use it). */
  transactions: number;
  /** Pending transactions per mined block. */
  blockSize: number;
}

/**
 * `ctx.viem`: hardhat-viem's helpers of the scenario's connection (`deployContract`,
 * `getContractAt`, `getPublicClient`, `getWalletClients`, ...) and its clients, ready-made.
 * The accounts are the same as the ethers ones: `deployer.account.address === ctx.deployer.address`.
 */
export interface ScenarioViem extends HardhatViemHelpers {
  /** A public client of the connection (reads, receipts). */
  publicClient: PublicClient;
  /** Wallet client of the account that deploys and owns the contracts (not one of `users`). */
  deployer: WalletClient;
  /** `sizes.users` wallet clients of distinct funded accounts (10,000 ETH each), as `ctx.users`. */
  users: WalletClient[];
  /** `ctx.tx` as viem names it: pass it to every `write`/`sendTransaction` in `run`. */
  tx: { gas: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
}

export interface ScenarioContext {
  /** The capture network connection (in-process Hardhat network). */
  connection: NetworkConnection;
  /**
   * hardhat-ethers' helpers of the connection. Present when @nomicfoundation/hardhat-ethers is
   * installed (this plugin loads it); otherwise reading it throws an error naming the package.
   */
  ethers: NetworkConnection["ethers"];
  /**
   * viem helpers and clients of the connection. Present when @nomicfoundation/hardhat-viem is among
   * the project's plugins (directly or through @nomicfoundation/hardhat-toolbox-viem); otherwise
   * reading it throws an error naming the package.
   */
  viem: ScenarioViem;
  /** Deploys and owns the scenario's contracts. Not one of `users`. An ethers signer (as `ethers`). */
  deployer: HardhatEthersSigner;
  /** `sizes.users` distinct funded accounts (10,000 ETH each), as ethers signers (as `ethers`). */
  users: HardhatEthersSigner[];
  sizes: ScenarioSizes;
  /** Deterministic pseudo-random number in [0, 1), seeded by `--seed`. */
  random(): number;
  /** Deterministic pseudo-random integer in [0, n). */
  randomInt(n: number): number;
  /** Mines every pending transaction now, ending the current block (inside `run`). */
  mine(): Promise<void>;
  /**
   * Mines every pending transaction now, as `mine()` (the block is captured like the others), and
   * returns the receipt of `tx` (inside `run`). Use it where `run` really needs a receipt: a plain
   * `await tx.wait()` would wait for a block that is mined only every `blockSize` transactions.
   * Give it an ethers transaction response (returns what its `wait()` returns) or a transaction
   * hash (as viem's `write` returns; returns viem's receipt, needs hardhat-viem).
   */
  mineAndWait<Receipt>(tx: { hash: string; wait(): Promise<Receipt> }): Promise<Receipt>;
  mineAndWait(hash: `0x${string}`): Promise<TransactionReceipt>;
  /**
   * Overrides to pass to every send in `run`: an explicit gas limit (nothing is estimated against
   * the pending block) and explicit fees (otherwise each send asks for fee history, which re-runs
   * the whole pending block and makes sending quadratic).
   */
  tx: { gasLimit: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
}

export interface Scenario<State = unknown> {
  /** Name used with `--scenario <name>`: lowercase words joined by dashes. */
  name: string;
  /** One line, shown in `--list` and in the report. */
  description: string;
  /** Default sizes; `--users`, `--transactions`, `--block-size` and the config override them. */
  defaults?: Partial<ScenarioSizes>;
  /** Deploys contracts and funds users, with automine on. Not captured. */
  setup(ctx: ScenarioContext): Promise<State>;
  /**
   * Sends the workload's transactions, with automine off. Captured. Do not wait for receipts here
   * (see `ctx.mineAndWait`).
   */
  run(ctx: ScenarioContext, state: State): Promise<void>;
}

/** Identity function that gives a scenario its type. */
export function defineScenario<State>(scenario: Scenario<State>): Scenario<State> {
  return scenario;
}
