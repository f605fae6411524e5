import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import type { NetworkConnection } from "hardhat/types/network";
import type { ScenarioContext, ScenarioSizes, ScenarioViem } from "../../scenario.ts";
import type { SendDefaults } from "./block-producer.ts";

import { ParallelError } from "../parallel-error.ts";
import { seededRandom } from "../seeded-random.ts";

const ETHERS = "@nomicfoundation/hardhat-ethers";
const VIEM = "@nomicfoundation/hardhat-viem";

/** What `ctx.mine()` and `ctx.mineAndWait()` do: set while `run` runs, else undefined. */
export interface RunControls {
  mine(): Promise<void>;
  mineAndWait(tx: unknown): Promise<unknown>;
}

/**
 * The `ctx` of a scenario on `connection`: `ethers`, `deployer` and `users` from hardhat-ethers,
 * `viem` from hardhat-viem, each only where the connection has it (else a getter that throws a
 * line naming the package). `controls()` gives `mine` and `mineAndWait` while `run` runs.
 */
export async function scenarioContext(
  scenarioName: string,
  connection: NetworkConnection,
  sizes: ScenarioSizes,
  seed: number,
  tx: SendDefaults,
  controls: () => RunControls | undefined,
): Promise<ScenarioContext> {
  const { ethers } = connection as { ethers?: NetworkConnection["ethers"] };
  const viemHelpers = (connection as { viem?: HardhatViemHelpers }).viem;
  const [deployer, ...users] = ethers === undefined ? [] : await ethers.getSigners();
  const viem = viemHelpers === undefined ? undefined : await scenarioViem(viemHelpers, sizes, tx);
  const random = seededRandom(seed);
  const inRun = (name: string) => {
    const run = controls();
    if (run === undefined) throw new ParallelError(`ctx.${name}() is only available inside run()`);
    return run;
  };
  const context = {
    connection,
    sizes,
    random,
    randomInt: (n: number) => Math.floor(random() * n),
    mine: async () => inRun("mine").mine(),
    mineAndWait: async (sent: unknown) => inRun("mineAndWait").mineAndWait(sent),
    tx: { ...tx },
  };
  const missing = (what: string, hint: string) => () => {
    throw new ParallelError(`Scenario "${scenarioName}": ${what} ${hint}`);
  };
  const ethersHint = `needs ${ETHERS}: install it (npm install --save-dev ${ETHERS}) or add it to your plugins`;
  const viemHint = `needs ${VIEM}: add it (or @nomicfoundation/hardhat-toolbox-viem) to your plugins`;
  const property = <T>(value: T | undefined, what: string, hint: string): PropertyDescriptor =>
    value === undefined ? { get: missing(what, hint), enumerable: true } : { value, enumerable: true };
  return Object.defineProperties(context, {
    ethers: property(ethers, "ctx.ethers", ethersHint),
    deployer: property(deployer, "ctx.deployer (an ethers signer)", `${ethersHint}; with viem use ctx.viem.deployer`),
    users: property(
      ethers === undefined ? undefined : users.slice(0, sizes.users),
      "ctx.users (ethers signers)",
      `${ethersHint}; with viem use ctx.viem.users`,
    ),
    viem: property(viem, "ctx.viem", viemHint),
  }) as unknown as ScenarioContext;
}

async function scenarioViem(
  helpers: HardhatViemHelpers,
  sizes: ScenarioSizes,
  tx: SendDefaults,
): Promise<ScenarioViem> {
  const [deployer, ...users] = await helpers.getWalletClients();
  return {
    ...helpers,
    publicClient: await helpers.getPublicClient(),
    deployer,
    users: users.slice(0, sizes.users),
    tx: { gas: tx.gasLimit, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas },
  };
}
