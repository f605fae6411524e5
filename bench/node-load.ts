/**
 * Load generator for a JSON-RPC node (plain `hardhat node` or the plugin's `parallel-node`), used by
 * bench/node.ts and test/node/load-smoke.test.ts. After the set-up (bench/node-setup.ts; every
 * transaction pre-signed, off the clock), `clients` senders run at once, half over HTTP and half
 * over WebSocket (one socket each): each sends its share of raw transactions (bench/node-workload.ts)
 * with at most `window` in flight, and polls receipts (its oldest in-flight one; once that is in,
 * the others in one batch). A prober calls `eth_blockNumber` every 200 ms meanwhile. Then the
 * blocks are read back (full transactions) to find duplicates and misses, and `checkBalances` /
 * `checkNonces` compare the chain with what the plan implies. Everything is bounded by `timeoutMs`
 * (plus up to 60 s to read the blocks back).
 */
import type { Rpc } from "./node-rpc.ts";
import type { ExpectedBalances, LoadPlan } from "./node-workload.ts";
import type { ReceiptJson, SignedTx } from "./node-setup.ts";
import type { LoadBlock } from "./node-checks.ts";

import { HttpRpc, WsRpc, startProber } from "./node-rpc.ts";
import { type LoadMix, expectedBalances, planLoad } from "./node-workload.ts";
import { SETUP_NONCES, loadTransactions, setUpLoad } from "./node-setup.ts";
import { checkBalances, checkNonces, readBlocks } from "./node-checks.ts";
import { REPO_ROOT } from "../test/helpers/fixture-project.ts";

export type { LoadBlock } from "./node-checks.ts";

export interface LoadOptions {
  /** Concurrent clients; the first half use HTTP, the rest WebSocket. Default 50. */
  clients?: number;
  /** Sender accounts of each client, their transactions interleaved in its stream. Default 1. */
  sendersPerClient?: number;
  /** What the transactions are (node-workload.ts). Default "defi". */
  mix?: LoadMix;
  /** Load transactions in all (set-up not counted). Default 10,000. */
  transactions?: number;
  /** Seed of the senders, receivers and transactions. Default 1. Use a new one for another run on the same node. */
  seed?: number;
  /** Bound on the whole run (set-up and load). */
  timeoutMs: number;
  /** In-flight transactions per client. Default 32. */
  window?: number;
  /** Pause between receipt polls of a client, ms. Default 100. */
  pollMs?: number;
  /** Artifacts folder holding contracts/{Token,Pair,Vault4626}.sol. Default: this repository's. */
  artifactsDir?: string;
}

export interface ReceiptLite {
  blockNumber: number;
  status: number;
  gasUsed: number;
}

export interface LoadResult {
  /** Load transactions the node accepted (`eth_sendRawTransaction` answered). */
  sent: number;
  receipts: Map<string, ReceiptLite>;
  /** One line per accepted transaction without exactly one receipt and one block holding it. */
  duplicatesOrMissing: string[];
  /** From the first block holding a load transaction to the last one. */
  blocks: LoadBlock[];
  expected: ExpectedBalances;
  checkBalances(): Promise<string[]>;
  checkNonces(): Promise<string[]>;
  /** sent / seconds from the first load send to the last receipt. */
  tps: number;
  wallMs: number;
  answeredThroughout: boolean;
  probe: { count: number; maxLatencyMs: number; failures: string[] };
  /** Send failures and time-outs of the clients (empty when all went well). */
  errors: string[];
  plan: LoadPlan;
}

interface ClientRun {
  sent: number;
  sentHashes: string[];
  receipts: Map<string, ReceiptLite>;
  errors: string[];
  firstSend: number;
  lastReceipt: number;
}

/** Failed receipt polls in a row after which a client gives up. */
const MAX_POLL_FAILURES = 20;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function lite(receipt: ReceiptJson): ReceiptLite {
  return { blockNumber: Number(receipt.blockNumber), status: Number(receipt.status), gasUsed: Number(receipt.gasUsed) };
}

/** One client: sends `txs` in order with at most `window` in flight, polls their receipts. */
async function runClient(rpc: Rpc, txs: SignedTx[], window: number, pollMs: number, deadline: number) {
  const run: ClientRun = {
    sent: 0,
    sentHashes: [],
    receipts: new Map(),
    errors: [],
    firstSend: Infinity,
    lastReceipt: 0,
  };
  const inFlight: string[] = [];
  let next = 0;
  let pollFailures = 0;
  // Each request waits at most 30 s, and not past the deadline (but at least 1 s).
  const budget = (): number => Math.min(30_000, Math.max(1_000, deadline - Date.now()));
  const maxPolls = Math.ceil((deadline - Date.now()) / pollMs) + 4 * txs.length + 10;
  for (let polls = 0; next < txs.length || inFlight.length > 0; polls++) {
    if (Date.now() > deadline || polls > maxPolls) {
      run.errors.push(`timed out: ${inFlight.length} in flight, ${txs.length - next} not sent`);
      break;
    }
    while (inFlight.length < window && next < txs.length) {
      const tx = txs[next];
      run.firstSend = Math.min(run.firstSend, performance.now());
      try {
        const hash = await rpc.request<string>("eth_sendRawTransaction", [tx.raw], budget());
        if (hash !== tx.hash) throw new Error(`node answered hash ${hash}, expected ${tx.hash}`);
      } catch (error) {
        // Later nonces could never be mined: this client stops sending.
        run.errors.push(`send #${next} failed: ${(error as Error).message}`);
        next = txs.length;
        break;
      }
      inFlight.push(tx.hash);
      run.sentHashes.push(tx.hash);
      run.sent++;
      next++;
    }
    if (inFlight.length === 0) continue;
    try {
      const oldest = await rpc.request<ReceiptJson | null>("eth_getTransactionReceipt", [inFlight[0]], budget());
      if (oldest === null) {
        await sleep(pollMs);
        continue;
      }
      run.receipts.set(inFlight.shift() as string, lite(oldest));
      run.lastReceipt = performance.now();
      const calls = inFlight.map((hash) => ({ method: "eth_getTransactionReceipt", params: [hash] }));
      const rest = await rpc.batch(calls, budget());
      const left = inFlight.filter((hash, i) => {
        const receipt = rest[i];
        if (receipt instanceof Error) throw receipt;
        if (receipt === null) return true;
        run.receipts.set(hash, lite(receipt as ReceiptJson));
        return false;
      });
      if (left.length < inFlight.length) run.lastReceipt = performance.now();
      inFlight.splice(0, inFlight.length, ...left);
      pollFailures = 0;
    } catch (error) {
      run.errors.push(`receipt poll failed: ${(error as Error).message}`);
      if (++pollFailures >= MAX_POLL_FAILURES) {
        run.errors.push(`gave up after ${pollFailures} failed polls in a row: ${inFlight.length} in flight`);
        break;
      }
      await sleep(pollMs);
    }
  }
  return run;
}

/** Sets up, runs the load on the node at `url` / `wsUrl`, reads the blocks back. */
export async function runLoad(url: string, wsUrl: string, options: LoadOptions): Promise<LoadResult> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const clients = options.clients ?? 50;
  const perClient = options.sendersPerClient ?? 1;
  const plan = planLoad(clients * perClient, options.transactions ?? 10_000, options.seed ?? 1, options.mix);
  const http = new HttpRpc(url);
  const chainId = BigInt(await http.request<string>("eth_chainId"));
  const artifactsDir = options.artifactsDir ?? `${REPO_ROOT}/artifacts`;
  let signed: SignedTx[][] = [];
  const { contracts, abis } = await setUpLoad(http, plan, artifactsDir, chainId, deadline, async (contracts, abis) => {
    signed = await loadTransactions(plan, contracts, abis, chainId, SETUP_NONCES);
  });

  const rpcs: Rpc[] = [];
  try {
    for (let i = 0; i < clients; i++) {
      rpcs.push(i < Math.ceil(clients / 2) ? new HttpRpc(url) : await WsRpc.open(wsUrl));
    }
    const startBlock = Number(await http.request<string>("eth_blockNumber"));
    const prober = startProber(url);
    // Client c sends the transactions of senders c·k … c·k + k − 1, taking them in turn.
    const streams = rpcs.map((_, c) => interleave(signed.slice(c * perClient, (c + 1) * perClient)));
    const runs = await Promise.all(
      rpcs.map((rpc, c) => runClient(rpc, streams[c], options.window ?? 32, options.pollMs ?? 100, deadline)),
    );
    const probe = await prober.stop();
    const endBlock = Number(await http.request<string>("eth_blockNumber"));

    const receipts = new Map<string, ReceiptLite>();
    for (const run of runs) for (const [hash, receipt] of run.receipts) receipts.set(hash, receipt);
    const sentHashesOf = new Set(runs.flatMap((run) => run.sentHashes));
    const sentPerSender = signed.map((txs) => txs.filter((tx) => sentHashesOf.has(tx.hash)).length);
    const sentHashes = signed.flatMap((txs, i) => txs.slice(0, sentPerSender[i]).map((tx) => tx.hash));
    const read = await readBlocks(http, startBlock + 1, endBlock, Math.max(deadline, Date.now() + 60_000));
    const duplicatesOrMissing: string[] = [];
    for (const hash of sentHashes) {
      const at = read.blocksOf.get(hash) ?? [];
      const receipt = receipts.get(hash);
      if (receipt === undefined) duplicatesOrMissing.push(`${hash}: no receipt (in blocks [${at.join(", ")}])`);
      else if (at.length !== 1) duplicatesOrMissing.push(`${hash}: in ${at.length} blocks [${at.join(", ")}]`);
      else if (at[0] !== receipt.blockNumber) {
        duplicatesOrMissing.push(`${hash}: receipt says block ${receipt.blockNumber}, found in block ${at[0]}`);
      }
    }
    const sentSet = new Set(sentHashes);
    const holding = read.blocks.filter((block) => block.transactions.some((hash) => sentSet.has(hash)));
    const first = holding[0]?.number ?? 0;
    const last = holding.at(-1)?.number ?? -1;
    const firstSend = Math.min(...runs.map((run) => run.firstSend));
    const lastReceipt = Math.max(...runs.map((run) => run.lastReceipt));
    const wallMs = Math.max(0, lastReceipt - firstSend);
    const sent = sentPerSender.reduce((sum, n) => sum + n, 0);
    const expected = expectedBalances(plan, sentPerSender);
    return {
      sent,
      receipts,
      duplicatesOrMissing,
      blocks: read.blocks.filter((block) => block.number >= first && block.number <= last),
      expected,
      checkBalances: () => checkBalances(http, plan, contracts, abis, expected),
      checkNonces: () => checkNonces(http, plan, read.noncesOf, sentPerSender, SETUP_NONCES),
      tps: wallMs > 0 ? sent / (wallMs / 1000) : 0,
      wallMs,
      answeredThroughout: probe.failures.length === 0 && probe.count > 0,
      probe,
      errors: runs.flatMap((run, i) => run.errors.map((error) => `client ${i}: ${error}`)),
      plan,
    };
  } finally {
    for (const rpc of rpcs) rpc.close();
  }
}

/** The lists' items taken in turn (each list's own order kept). */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  const total = lists.reduce((n, list) => n + list.length, 0);
  for (let i = 0; out.length < total; i++) {
    for (const list of lists) if (i < list.length) out.push(list[i]);
  }
  return out;
}
