import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import type { ScenarioSizes } from "../../scenario.ts";

import { Wallet, id } from "ethers";

import { ParallelError } from "../parallel-error.ts";
import { DEFAULT_RPC_CONCURRENCY, retryingProvider } from "../rpc/retrying-provider.ts";
import { type NodeMining, fundAccounts, ownBlockTimeLine, probeHttpNode, probeReadableNode } from "./http-node.ts";

const ACCOUNT_BALANCE = 10_000n * 10n ** 18n;

/** How workloads on a node over HTTP read from it (set once a run by parallel-report). */
const workloadRpc = { concurrency: DEFAULT_RPC_CONCURRENCY, noticed: new Set<string>() };

/**
 * `--rpc-concurrency` for the workloads of this run on a node over HTTP: reads in flight at the
 * same time (and retried, ../rpc/retrying-provider.ts); each notice line is given once a run.
 */
export function configureWorkloadRpc(concurrency: number): void {
  workloadRpc.concurrency = concurrency;
  workloadRpc.noticed = new Set();
}

/** The network a workload runs on: in-process (EDR) or a node over HTTP (`--network <http name>`). */
export interface WorkloadNetwork {
  connection: NetworkConnection;
  /** The node's URL on an HTTP network. */
  url?: string;
  /** How the node over HTTP mines (in-process: on request). */
  mining: NodeMining;
  hardfork: string;
}

/** The network `--network` names (default: "default") as a workload network, or one ParallelError line. */
export async function workloadNetworkConfig(hre: HardhatRuntimeEnvironment): Promise<{ name: string; url?: string }> {
  const name = hre.globalOptions.network ?? "default";
  const config = hre.config.networks[name];
  if (config === undefined) {
    const known = Object.keys(hre.config.networks).join(", ");
    throw new ParallelError(`--network ${name}: no network of that name in the Hardhat config (it has: ${known})`);
  }
  if (config.type === "edr-simulated") return { name };
  if (config.type === "http") return { name, url: await config.url.getUrl() };
  throw new ParallelError(
    `--network ${name} is of type "${(config as { type: string }).type}": parallel-report runs on an ` +
      `in-process network (edr-simulated) or a node over HTTP (http)`,
  );
}

/**
 * Opens a fresh connection for one workload with `sizes.users + 1` deterministic accounts: on the
 * in-process network with EDR overrides (no base fee, a huge gas limit); on an HTTP network the
 * node is probed (holds and mines on request), the accounts are funded on it, and the connection's
 * reads (the capture's traces and receipts among them) are bounded and retried (configureWorkloadRpc).
 */
export async function openWorkloadNetwork(hre: HardhatRuntimeEnvironment, sizes: ScenarioSizes) {
  const { name, url } = await workloadNetworkConfig(hre);
  const accounts = workloadAccounts(sizes.users + 1);
  if (url === undefined) {
    const connection = await hre.network.create({
      network: name,
      override: {
        accounts: accounts.map(({ privateKey, balance }) => ({ privateKey, balance })),
        // Fees do not matter here and must not keep transactions out of a block.
        initialBaseFeePerGas: 0n,
        blockGasLimit: 10_000_000_000n,
        allowUnlimitedContractSize: true,
        throwOnTransactionFailures: false,
        mining: { auto: true, interval: 0 },
      },
    });
    const { networkConfig } = connection;
    const hardfork = networkConfig.type === "edr-simulated" ? String(networkConfig.hardfork) : "";
    return { connection, hardfork, mining: "on-request" } satisfies WorkloadNetwork;
  }
  const connection = await hre.network.create({
    network: name,
    override: { accounts: accounts.map((account) => account.privateKey) },
  });
  let mining: NodeMining;
  let funder: NetworkConnection | undefined;
  try {
    mining = await probeHttpNode(connection.provider, url);
    const addresses = accounts.map((account) => account.address);
    await fundAccounts(connection.provider, url, addresses, ACCOUNT_BALANCE, async () => {
      // The network's own accounts (the node's unlocked ones, or the config's keys) pay.
      funder = await hre.network.create({ network: name });
      return funder.provider;
    });
  } catch (error) {
    await connection.close();
    throw error;
  } finally {
    await funder?.close();
  }
  // In place: ethers, viem and the capture all use this provider; sends are never repeated.
  retryingProvider(connection.provider, { ...workloadRpc, network: name }, true);
  return { connection, url, mining, hardfork: "" } satisfies WorkloadNetwork;
}

/**
 * Deterministic private keys (keccak of a label): much faster to set up than deriving hundreds of
 * HD accounts, and the same addresses on every run.
 */
function workloadAccounts(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const privateKey = id(`hardhat-parallel workload account ${i}`);
    return { privateKey, balance: ACCOUNT_BALANCE, address: new Wallet(privateKey).address };
  });
}

/**
 * Before any scenario runs: the network `--network` names is usable (known, of a usable type, and
 * on HTTP a node that answers), else one ParallelError line; a node that cannot mine on request
 * gets `onNotice` (ownBlockTimeLine). `readOnly` (--blocks: nothing is sent or mined): a node that
 * answers eth_chainId is enough. Returns the node's URL on an HTTP network.
 */
export async function checkWorkloadNetwork(
  hre: HardhatRuntimeEnvironment,
  readOnly = false,
  onNotice: (line: string) => void = () => {},
): Promise<string | undefined> {
  const { name, url } = await workloadNetworkConfig(hre);
  if (url === undefined) return undefined;
  const connection = await hre.network.create({ network: name });
  try {
    if (readOnly) await probeReadableNode(connection.provider, url);
    else if ((await probeHttpNode(connection.provider, url)) === "own-block-time")
      onNotice(ownBlockTimeLine(name, url));
  } finally {
    await connection.close();
  }
  return url;
}
