/**
 * Minimal JSON-RPC clients for the node load generator (bench/node-load.ts): over HTTP (global
 * `fetch`, one request per call, or a JSON-RPC batch) and over WebSocket (Node 22's global
 * `WebSocket`, one socket, requests matched to responses by id). Every request has a timeout; a
 * JSON-RPC error becomes a thrown `RpcError`. Also the liveness prober: `eth_blockNumber` on a
 * fixed period, recording latencies and failures.
 */

export interface RpcCall {
  method: string;
  params?: unknown[];
}

export interface Rpc {
  request<T>(method: string, params?: unknown[], timeoutMs?: number): Promise<T>;
  /** One JSON-RPC batch; results in the order of `calls` (each a value, or the error it got). */
  batch(calls: RpcCall[], timeoutMs?: number): Promise<Array<unknown>>;
  close(): void;
}

export class RpcError extends Error {
  code: number | undefined;
  constructor(message: string, code?: number) {
    super(message);
    this.code = code;
  }
}

interface JsonRpcResponse {
  id?: number | string | null;
  result?: unknown;
  error?: { code?: number; message?: string; data?: unknown };
}

const DEFAULT_TIMEOUT_MS = 30_000;

function describe(call: RpcCall): string {
  return `${call.method} ${JSON.stringify(call.params ?? []).slice(0, 200)}`;
}

function unwrap(response: JsonRpcResponse, call: RpcCall): unknown {
  if (response.error !== undefined) {
    throw new RpcError(`${response.error.message ?? "JSON-RPC error"} (${describe(call)})`, response.error.code);
  }
  return response.result ?? null;
}

/** JSON-RPC over HTTP POST. */
export class HttpRpc implements Rpc {
  url: string;
  nextId = 1;
  constructor(url: string) {
    this.url = url;
  }

  async #post(body: unknown, timeoutMs: number, what: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new RpcError(`${what}: HTTP request failed: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new RpcError(`${what}: HTTP ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  }

  async request<T>(method: string, params: unknown[] = [], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    const call = { method, params };
    const body = { jsonrpc: "2.0", id: this.nextId++, method, params };
    return unwrap((await this.#post(body, timeoutMs, describe(call))) as JsonRpcResponse, call) as T;
  }

  async batch(calls: RpcCall[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown[]> {
    if (calls.length === 0) return [];
    const first = this.nextId;
    const body = batchBody(calls, first);
    this.nextId += calls.length;
    const responses = await this.#post(body, timeoutMs, `batch of ${calls.length} ${calls[0].method}`);
    if (!Array.isArray(responses)) throw new RpcError(`batch answered with ${JSON.stringify(responses).slice(0, 300)}`);
    return byId(responses as JsonRpcResponse[], calls, first);
  }

  close(): void {}
}

/** Results in call order, from responses matched by id (ids `first`, `first + 1`, …). */
function byId(responses: JsonRpcResponse[], calls: RpcCall[], first: number): unknown[] {
  const found = new Map(responses.map((response) => [Number(response.id), response]));
  return calls.map((call, i) => {
    const response = found.get(first + i);
    if (response === undefined) return new RpcError(`no response in the batch (${describe(call)})`);
    try {
      return unwrap(response, call);
    } catch (error) {
      return error;
    }
  });
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** JSON-RPC over one WebSocket; `open` waits (bounded) for the connection. */
export class WsRpc implements Rpc {
  socket: WebSocket;
  nextId = 1;
  waiting = new Map<number, Waiting>();
  closedWith: string | undefined;

  constructor(socket: WebSocket) {
    this.socket = socket;
    socket.addEventListener("message", (event) => this.#receive(String(event.data)));
    socket.addEventListener("close", () => this.#failAll("WebSocket closed"));
    socket.addEventListener("error", () => this.#failAll("WebSocket error"));
  }

  static open(url: string, timeoutMs = 10_000): Promise<WsRpc> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const timer = setTimeout(() => {
        socket.close();
        reject(new RpcError(`WebSocket ${url}: not open within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.addEventListener("open", () => {
        clearTimeout(timer);
        resolve(new WsRpc(socket));
      });
      socket.addEventListener("error", (event) => {
        clearTimeout(timer);
        const why = (event as Event & { error?: Error }).error?.message ?? "no reason given";
        reject(new RpcError(`WebSocket ${url}: could not connect (${why})`));
      });
    });
  }

  #receive(data: string): void {
    let message: JsonRpcResponse | JsonRpcResponse[];
    try {
      message = JSON.parse(data) as JsonRpcResponse | JsonRpcResponse[];
    } catch {
      return; // not JSON: nothing to match it with (its request times out)
    }
    const id = Array.isArray(message) ? message[0]?.id : message.id;
    const waiting = this.waiting.get(Number(id));
    if (waiting === undefined) return; // a subscription notification, or a request that timed out
    this.waiting.delete(Number(id));
    clearTimeout(waiting.timer);
    waiting.resolve(message);
  }

  #failAll(why: string): void {
    this.closedWith ??= why;
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.reject(new RpcError(`${why} (request ${id} unanswered)`));
    }
    this.waiting.clear();
  }

  #send(id: number, body: unknown, timeoutMs: number, what: string): Promise<unknown> {
    if (this.closedWith !== undefined) return Promise.reject(new RpcError(`${what}: ${this.closedWith}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new RpcError(`${what}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      this.socket.send(JSON.stringify(body));
    });
  }

  async request<T>(method: string, params: unknown[] = [], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    const id = this.nextId++;
    const call = { method, params };
    const response = await this.#send(id, { jsonrpc: "2.0", id, method, params }, timeoutMs, describe(call));
    return unwrap(response as JsonRpcResponse, call) as T;
  }

  async batch(calls: RpcCall[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown[]> {
    if (calls.length === 0) return [];
    const first = this.nextId;
    const body = batchBody(calls, first);
    this.nextId += calls.length;
    // The response (an array) is matched by its first element's id.
    const responses = await this.#send(first, body, timeoutMs, `batch of ${calls.length} ${calls[0].method}`);
    if (!Array.isArray(responses)) throw new RpcError(`batch answered with ${JSON.stringify(responses).slice(0, 300)}`);
    return byId(responses as JsonRpcResponse[], calls, first);
  }

  close(): void {
    this.#failAll("closed by the client");
    this.socket.close();
  }
}

export interface ProbeResult {
  /** Probes answered (successfully or not). */
  count: number;
  maxLatencyMs: number;
  /** One line per probe that failed or took longer than the probe timeout. */
  failures: string[];
}

/** Calls `eth_blockNumber` every `everyMs` (one at a time) until `stop()`. */
export function startProber(url: string, everyMs = 200, timeoutMs = 5_000): { stop(): Promise<ProbeResult> } {
  const rpc = new HttpRpc(url);
  const result: ProbeResult = { count: 0, maxLatencyMs: 0, failures: [] };
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        await rpc.request<string>("eth_blockNumber", [], timeoutMs);
      } catch (error) {
        result.failures.push(`${new Date().toISOString()}: ${(error as Error).message}`);
      }
      const latency = performance.now() - started;
      result.count++;
      result.maxLatencyMs = Math.max(result.maxLatencyMs, latency);
      const pause = Math.max(0, everyMs - latency);
      if (!stopped) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, pause)));
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      return result;
    },
  };
}

/** The requests of a batch, numbered from `first`. */
function batchBody(calls: RpcCall[], first: number) {
  return calls.map((call, index) => ({
    jsonrpc: "2.0",
    id: first + index,
    method: call.method,
    params: call.params ?? [],
  }));
}

/** `calls` as batches of at most `chunk` (parallel-node refuses batches over 1,000); the first error is thrown. */
export async function batched(rpc: Rpc, calls: RpcCall[], chunk = 100): Promise<unknown[]> {
  const results: unknown[] = [];
  for (let i = 0; i < calls.length; i += chunk) {
    for (const result of await rpc.batch(calls.slice(i, i + chunk))) {
      if (result instanceof Error) throw result;
      results.push(result);
    }
  }
  return results;
}
