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
 * transaction is pending; do not call `.wait()` inside `run`, the block is not mined yet).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

export interface ScenarioSizes {
  /** Funded user accounts available in `ctx.users`. */
  users: number;
  /** How many transactions `run` should send (the scenario decides how to use it). */
  transactions: number;
  /** Pending transactions per mined block. */
  blockSize: number;
}

export interface ScenarioContext {
  /** The capture network connection (in-process Hardhat network), with `ethers`. */
  connection: NetworkConnection;
  ethers: NetworkConnection["ethers"];
  /** Deploys and owns the scenario's contracts. Not one of `users`. */
  deployer: HardhatEthersSigner;
  /** `sizes.users` distinct funded accounts (10,000 ETH each). */
  users: HardhatEthersSigner[];
  sizes: ScenarioSizes;
  /** Deterministic pseudo-random number in [0, 1), seeded by `--seed`. */
  random(): number;
  /** Deterministic pseudo-random integer in [0, n). */
  randomInt(n: number): number;
  /** Mines every pending transaction now, ending the current block (inside `run`). */
  mine(): Promise<void>;
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
  /** Sends the workload's transactions, with automine off. Captured. */
  run(ctx: ScenarioContext, state: State): Promise<void>;
}

/** Identity function that gives a scenario its type. */
export function defineScenario<State>(scenario: Scenario<State>): Scenario<State> {
  return scenario;
}
