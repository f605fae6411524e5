import type { Eip1193Provider } from "../rpc/index.ts";

import { ParallelError } from "../parallel-error.ts";
import { waitUntilMined } from "../produce/index.ts";

/** How long one probe of the node may take before the node counts as not answering. */
const PROBE_MS = 10_000;

/**
 * How a node over HTTP mines a workload's blocks: on request (`evm_setAutomine` + `evm_mine`:
 * Hardhat, anvil), or at its own block time (a node without them: geth --dev.period, a testnet).
 */
export type NodeMining = "on-request" | "own-block-time";

/**
 * Checks that the node at `url` answers (one ParallelError line otherwise) and finds how it mines:
 * on request when it answers `evm_setAutomine` and `evm_mine` (the probe mines one empty block),
 * else at its own block time.
 */
export async function probeHttpNode(provider: Eip1193Provider, url: string): Promise<NodeMining> {
  await ask(provider, url, "eth_chainId", [], () => `the node at ${url} does not answer eth_chainId`);
  for (const [method, params] of [
    ["evm_setAutomine", [true]],
    ["evm_mine", []],
  ] as const) {
    try {
      await withTimeout(provider.request({ method, params: [...params] }), url, method);
    } catch (error) {
      // A timeout or an unreachable node is an error; a refused method means it mines on its own.
      if (error instanceof ParallelError) throw error;
      const down = unreachable(url, error);
      if (down !== undefined) throw down;
      return "own-block-time";
    }
  }
  return "on-request";
}

/** The line a run on a node without evm_mine starts with. */
export function ownBlockTimeLine(network: string, url: string): string {
  return (
    `${network}: the node at ${url} answers no evm_mine, so transactions are mined at its own block time: ` +
    `each block holds what the node put in it (--block-size only caps the transactions waiting)`
  );
}

/**
 * Checks that the node at `url` answers eth_chainId (--blocks: blocks are only read); one
 * ParallelError line otherwise. A failed probe is tried again (a node that drops a request).
 */
export async function probeReadableNode(provider: Eip1193Provider, url: string): Promise<void> {
  const line = () => `the node at ${url} does not answer eth_chainId`;
  for (let attempt = 1; ; attempt++) {
    try {
      await ask(provider, url, "eth_chainId", [], line);
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/**
 * Gives each workload account `balance` (wei) on the node: `anvil_setBalance`, or
 * `hardhat_setBalance` on a Hardhat node; on a node with neither, transfers from `funder` (a
 * connection with the network's own accounts: the node's unlocked ones, or the keys of the config)
 * to each account that holds less, as much as it can spare, waiting until they are mined.
 */
export async function fundAccounts(
  provider: Eip1193Provider,
  url: string,
  addresses: string[],
  balance: bigint,
  funder: () => Promise<Eip1193Provider>,
): Promise<void> {
  const hex = "0x" + balance.toString(16);
  let method: string | undefined;
  for (const candidate of ["anvil_setBalance", "hardhat_setBalance"]) {
    try {
      await withTimeout(provider.request({ method: candidate, params: [addresses[0], hex] }), url, candidate);
      method = candidate;
      break;
    } catch (error) {
      if (error instanceof ParallelError) throw error;
    }
  }
  if (method === undefined) return fundByTransfers(await funder(), url, addresses, balance);
  for (const address of addresses.slice(1)) await provider.request({ method, params: [address, hex] });
}

async function fundByTransfers(funder: Eip1193Provider, url: string, addresses: string[], balance: bigint) {
  const noFunder = `the node at ${url} answers neither anvil_setBalance nor hardhat_setBalance, and`;
  const accounts = (await ask(funder, url, "eth_accounts", [], () => `${noFunder} not eth_accounts`)) as string[];
  const from = accounts[0];
  if (from === undefined) {
    throw new ParallelError(
      `${noFunder} the network has no account to fund the workload's accounts from: give it one with ether ` +
        `(networks.<name>.accounts in the Hardhat config, or an unlocked account on the node)`,
    );
  }
  const owned = BigInt((await funder.request({ method: "eth_getBalance", params: [from, "latest"] })) as string);
  const each = [balance, owned / BigInt(addresses.length + 1)].reduce((a, b) => (a < b ? a : b));
  if (each === 0n)
    throw new ParallelError(`${noFunder} ${from}, the network's first account, holds no ether to fund them`);
  const sent = new Set<string>();
  const head = Number(await funder.request({ method: "eth_blockNumber" }));
  for (const to of addresses) {
    const held = BigInt((await funder.request({ method: "eth_getBalance", params: [to, "latest"] })) as string);
    if (held >= each / 2n) continue;
    const tx = { from, to, value: "0x" + (each - held).toString(16) };
    sent.add(((await funder.request({ method: "eth_sendTransaction", params: [tx] })) as string).toLowerCase());
  }
  await waitUntilMined(funder, url, sent, head + 1);
}

/** `method` on the node, or one ParallelError line (`line(method)`, plus the node's message). */
async function ask(
  provider: Eip1193Provider,
  url: string,
  method: string,
  params: unknown[],
  line: (method: string) => string,
): Promise<unknown> {
  try {
    return await withTimeout(provider.request({ method, params }), url, method);
  } catch (error) {
    if (error instanceof ParallelError) throw error;
    throw unreachable(url, error) ?? new ParallelError(`${line(method)} (it said: ${firstLine(error)})`);
  }
}

/** The line for a request that failed because the node cannot be reached; undefined for any other failure. */
function unreachable(url: string, error: unknown): ParallelError | undefined {
  const message = firstLine(error);
  if (!/connect|ECONNREFUSED|fetch failed|ENOTFOUND/i.test(message)) return undefined;
  return new ParallelError(`the node at ${url} cannot be reached (${message}): is it running?`);
}

const firstLine = (error: unknown) => (error as Error).message.split("\n")[0];

async function withTimeout<T>(request: Promise<T>, url: string, method: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ParallelError(`the node at ${url} did not answer ${method} within ${PROBE_MS / 1000} s`)),
      PROBE_MS,
    );
  });
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
