import type { Eip1193Provider } from "../rpc/index.ts";

import { ParallelError } from "../parallel-error.ts";

/** How long one probe of the node may take before the node counts as not answering. */
const PROBE_MS = 10_000;
const HOLD_AND_MINE = "parallel-report --network needs a node that can hold and mine transactions on request";
const NODES = "(Hardhat node, anvil)";

/**
 * Checks that the node at `url` answers and can hold transactions and mine them on request
 * (`evm_setAutomine`, `evm_mine`); one ParallelError line naming the method otherwise. Mines one
 * empty block (the probe of `evm_mine`).
 */
export async function probeHttpNode(provider: Eip1193Provider, url: string): Promise<void> {
  await ask(provider, url, "eth_chainId", [], () => `the node at ${url} does not answer eth_chainId`);
  const needs = (method: string) => `the node at ${url} does not answer ${method}: ${HOLD_AND_MINE} ${NODES}`;
  await ask(provider, url, "evm_setAutomine", [true], needs);
  await ask(provider, url, "evm_mine", [], needs);
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
 * Gives each workload account `balance` (hex wei) on the node: `anvil_setBalance`, or
 * `hardhat_setBalance` on a Hardhat node.
 */
export async function fundAccounts(provider: Eip1193Provider, url: string, addresses: string[], balance: string) {
  let method: string | undefined;
  for (const candidate of ["anvil_setBalance", "hardhat_setBalance"]) {
    try {
      await withTimeout(provider.request({ method: candidate, params: [addresses[0], balance] }), url, candidate);
      method = candidate;
      break;
    } catch (error) {
      if (error instanceof ParallelError) throw error;
    }
  }
  if (method === undefined) {
    throw new ParallelError(
      `the node at ${url} answers neither anvil_setBalance nor hardhat_setBalance: parallel-report --network ` +
        `funds its workload accounts with one of them ${NODES}`,
    );
  }
  for (const address of addresses.slice(1)) await provider.request({ method, params: [address, balance] });
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
    const message = (error as Error).message.split("\n")[0];
    if (/connect|ECONNREFUSED|fetch failed|ENOTFOUND/i.test(message)) {
      throw new ParallelError(`the node at ${url} cannot be reached (${message}): is it running?`);
    }
    throw new ParallelError(`${line(method)} (it said: ${message})`);
  }
}

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
