/**
 * Anvil for the `--network` tests and the network bench: the binary of the npm package, a free
 * port, plain JSON-RPC calls, blocks mined from a plain script, and Hardhat's CLI run without
 * blocking this process (a proxy served from it keeps answering).
 */
import type { ScenarioReport } from "../../plugin/internal/report/json-report-types.ts";
import type { CommandResult } from "./fixture-project.ts";

import { type ChildProcess, spawn } from "node:child_process";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import path from "node:path";

import { REPO_ROOT } from "./fixture-project.ts";

export const ANVIL = path.join(REPO_ROOT, "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");

/** anvil's arguments for the plugin's workloads: big blocks, no base fee, arrival order, prague. */
export function anvilArgs(port: number | string): string[] {
  const args = ["--port", String(port), "--silent", "--order", "fifo", "--hardfork", "prague"];
  args.push("--gas-limit", "10000000000", "--block-base-fee-per-gas", "0", "--disable-code-size-limit");
  return args;
}

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function rpc(url: string, method: string, params: unknown[] = [], timeoutMs = 2_000): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const { result, error } = (await response.json()) as { result: unknown; error?: { message: string } };
  if (error !== undefined) throw new Error(error.message);
  return result;
}

/** Starts a node (a child process) and waits (at most 20 s) until it answers at `url`. */
export async function startNode(command: string, args: string[], url: string): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: "ignore" });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await rpc(url, "eth_chainId");
      return child;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill();
        throw new Error(`${command} did not start within 20 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** anvil on a free port of 127.0.0.1, with anvilArgs and `extra`. */
export async function startAnvil(extra: string[] = []): Promise<{ anvil: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return { anvil: await startNode(ANVIL, [...anvilArgs(port), ...extra], url), url };
}

/**
 * Mines one block holding `txs` (eth_sendTransaction objects, unlocked accounts) in this order:
 * automine off, the sends, evm_mine, automine on. Returns the block's number.
 */
export async function mineBlock(url: string, txs: object[]): Promise<number> {
  await rpc(url, "evm_setAutomine", [false]);
  for (const tx of txs) await rpc(url, "eth_sendTransaction", [tx]);
  await rpc(url, "evm_mine");
  await rpc(url, "evm_setAutomine", [true]);
  return Number(await rpc(url, "eth_blockNumber"));
}

/** The receipt of a sent transaction, once the node has mined it (anvil mines a send in the background). */
export async function receiptOf(url: string, hash: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const receipt = (await rpc(url, "eth_getTransactionReceipt", [hash])) as Record<string, unknown> | null;
    if (receipt !== null) return receipt;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no receipt of ${hash} after 10 s`);
}

/** What must not depend on the network: the figures and the names and counts of what was found. */
export function figures(scenario: ScenarioReport) {
  return {
    summary: scenario.summary,
    contracts: scenario.contracts.map((c) => ({ name: c.name, count: c.addresses.length, figures: c.figures })),
    functions: scenario.functions,
    hotspots: scenario.hotspots.map((h) => ({ name: h.name, dependencies: h.dependencies, blocks: h.blocks })),
  };
}

/** Hardhat's CLI of `dir` as a child process, without blocking this one; never rejects on a non-zero exit. */
export function runHardhatAsync(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  return spawnHardhat(dir, args, env).done;
}

/** runHardhatAsync, with the child process (to signal it). */
export function spawnHardhat(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<CommandResult> } {
  const cli = path.join(dir, "node_modules", "hardhat", "dist", "src", "cli.js");
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("HARDHAT_") && name !== "HH_TEST"),
  );
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: dir,
    env: { ...inherited, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<CommandResult>((resolve) =>
    child.on("close", (code) => resolve({ status: code ?? 1, stdout, stderr })),
  );
  return { child, done };
}
