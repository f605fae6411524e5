import type { Eip1193Provider } from "./provider.ts";

import { ParallelError } from "../parallel-error.ts";

/** Requests to a node over HTTP in flight at the same time (`--rpc-concurrency`). */
export const DEFAULT_RPC_CONCURRENCY = 4;
/** Attempts of one read before the run fails, and the wait before the first retry (doubled each time). */
export const RPC_ATTEMPTS = 5;
const FIRST_RETRY_MS = 100;

/** Reads: repeated on failure and bounded in number (a send, a mine, a balance edit are neither). */
const READS = /^(debug_trace\w+|eth_get\w+|eth_blockNumber|eth_chainId)$/;

export interface RpcOptions {
  /** Reads in flight at the same time (a positive integer). */
  concurrency: number;
  /** The network's name, at the start of every line. */
  network: string;
  /** Where a notice goes (one line, e.g. the fallback to debug_traceTransaction); default stderr. */
  onNotice?: (line: string) => void;
  /** Notices already given: share one set to give each line once a run (several connections). */
  noticed?: Set<string>;
  attempts?: number;
  firstRetryMs?: number;
}

/** A read that still failed after every attempt: one line naming the method and what it asked for. */
export class RpcFailure extends ParallelError {
  readonly method: string;
  readonly subject: string;
  constructor(network: string, method: string, subject: string, attempts: number, cause: unknown) {
    super(
      `${network}: ${method}${subject === "" ? "" : ` ${subject}`} failed ${attempts} times ` +
        `(the last: ${firstLine(cause)})`,
    );
    this.method = method;
    this.subject = subject;
  }
}

/** What a retrying provider carries besides `request`: read by the capture (trace-block.ts). */
interface RpcState {
  concurrency: number;
  network: string;
  /** Notices already given, and methods the node was found to lack. */
  noticed: Set<string>;
  missing: Set<string>;
  notice(line: string): void;
}

const STATE = Symbol("hardhat-parallel rpc state");
type WithState = Eip1193Provider & { [STATE]?: RpcState };

/**
 * A JSON-RPC error that says the node lacks the method or does not take these params (-32601,
 * -32602, or a message to that effect): never retried, the caller decides (fallback or one line).
 */
export function isUnsupported(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === -32601 || code === -32602) return true;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== "string") return false;
  return /\bmethod\b.*\b(not found|does not exist|is not available|not supported|unsupported)|not implemented/i.test(
    message,
  );
}

/**
 * Makes `provider`'s reads (debug_trace*, eth_get*, eth_blockNumber, eth_chainId) bounded in number
 * (at most `concurrency` in flight; more wait their turn) and retried: a network error, an HTTP
 * 5xx or 429, or a JSON-RPC error other than "method not found"/"invalid params" is tried again
 * after 100 ms, 200 ms, 400 ms, 800 ms; after `attempts` (5) the read fails with one RpcFailure
 * line. Other methods go through untouched (a send is never repeated). Returns a new provider,
 * or with `inPlace` patches `provider.request` itself (a Hardhat connection whose provider ethers,
 * viem and the capture share).
 */
export function retryingProvider(provider: Eip1193Provider, options: RpcOptions, inPlace = false): Eip1193Provider {
  const attempts = options.attempts ?? RPC_ATTEMPTS;
  const firstRetryMs = options.firstRetryMs ?? FIRST_RETRY_MS;
  const onNotice = options.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const state: RpcState = {
    concurrency: options.concurrency,
    network: options.network,
    noticed: options.noticed ?? new Set(),
    missing: new Set(),
    notice(line) {
      if (this.noticed.has(line)) return;
      this.noticed.add(line);
      onNotice(line);
    },
  };
  const slots = semaphore(options.concurrency);
  const inner = provider.request.bind(provider);
  const request = async (args: { method: string; params?: unknown[] }): Promise<unknown> => {
    if (!READS.test(args.method)) return inner(args);
    for (let attempt = 1; ; attempt++) {
      await slots.acquire();
      try {
        return await inner(args);
      } catch (error) {
        if (error instanceof ParallelError) throw error;
        if (isUnsupported(error)) throw unsupported(state, args.method, error);
        if (attempt >= attempts) throw new RpcFailure(state.network, args.method, subject(args), attempts, error);
      } finally {
        slots.release();
      }
      await new Promise((resolve) => setTimeout(resolve, firstRetryMs * 2 ** (attempt - 1)));
    }
  };
  const target = (inPlace ? provider : Object.create(null)) as WithState;
  target.request = request;
  target[STATE] = state;
  return target;
}

/** Reads in flight at the same time on `provider` (1 for a provider that is not retrying). */
export function rpcConcurrency(provider: Eip1193Provider): number {
  return (provider as WithState)[STATE]?.concurrency ?? 1;
}

/** Gives one notice line on a retrying provider (once a run: the same line is not repeated). */
export function rpcNotice(provider: Eip1193Provider, line: (network: string) => string): void {
  const state = (provider as WithState)[STATE];
  state?.notice(line(state.network));
}

/** Whether `method` was found missing on the node of `provider` (a retrying one). */
export function rpcLacks(provider: Eip1193Provider, method: string): boolean {
  return (provider as WithState)[STATE]?.missing.has(method) ?? false;
}

/**
 * Reads every node has: "method not found" on one of them is one line. (debug_traceBlockByNumber
 * and eth_getBlockReceipts have fallbacks: their errors go to the caller.)
 */
const REQUIRED = new Set(["eth_blockNumber", "eth_chainId", "eth_getBlockByNumber", "eth_getTransactionReceipt"]);

/** "method not found" on a read: the error itself, or one line where nothing can stand in for it. */
function unsupported(state: RpcState, method: string, error: unknown): unknown {
  state.missing.add(method);
  if (REQUIRED.has(method)) {
    return new ParallelError(`${state.network}: the node does not answer ${method} (it said: ${firstLine(error)})`);
  }
  if (method !== "debug_traceTransaction") return error;
  const lacksBoth = state.missing.has("debug_traceBlockByNumber");
  return new ParallelError(
    `${state.network}: the node answers ${lacksBoth ? "neither debug_traceBlockByNumber nor" : "no"} ` +
      `debug_traceTransaction (it said: ${firstLine(error)}): parallel-report traces blocks with the debug API's ` +
      `prestateTracer and callTracer: use a node that has it (anvil, a Hardhat node, geth or reth with ` +
      `--http.api eth,debug, erigon) or a provider plan with debug/trace methods`,
  );
}

/** What a read asked for, for the failure line: "for block N", "for transaction 0x…". */
function subject({ params }: { method: string; params?: unknown[] }): string {
  const first = params?.[0];
  if (typeof first !== "string") return "";
  if (/^0x[0-9a-f]{64}$/i.test(first)) return `for transaction ${first}`;
  if (/^0x[0-9a-f]{1,16}$/i.test(first)) return `for block ${Number(first)}`;
  return `for block ${first}`;
}

function firstLine(error: unknown): string {
  return String((error as Error | undefined)?.message ?? error).split("\n")[0];
}

function semaphore(size: number) {
  let free = size;
  const waiting: Array<() => void> = [];
  return {
    acquire(): Promise<void> {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    release(): void {
      const next = waiting.shift();
      if (next !== undefined) next();
      else free++;
    },
  };
}

/** `fn` over `items` with at most `width` calls running at once; results in the order of `items`. */
export async function mapConcurrently<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, worker));
  return results;
}
