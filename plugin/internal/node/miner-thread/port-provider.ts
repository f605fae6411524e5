/**
 * The miner thread's JSON-RPC provider: each request travels to the main thread, which sends it to
 * the node's connection (`answerRequest`) and posts back the result or the error. An error keeps
 * its code, message and data (the miner and its checks read them as EDR's own).
 */
import type { MessagePort } from "node:worker_threads";
import type { Eip1193Provider } from "../../rpc/index.ts";
import type { FromMiner, RpcFailure, ToMiner } from "./miner-messages.ts";

interface Waiting {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export class PortProvider implements Eip1193Provider {
  private readonly port: MessagePort;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;

  constructor(port: MessagePort) {
    this.port = port;
  }

  request({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      this.port.postMessage({ kind: "rpc", id, method, params } satisfies FromMiner);
    });
  }

  /** The main thread's answer to request `id`. */
  settle(reply: Extract<ToMiner, { kind: "rpcReply" }>): void {
    const waiting = this.waiting.get(reply.id);
    if (waiting === undefined) return;
    this.waiting.delete(reply.id);
    if (reply.error === undefined) waiting.resolve(reply.result);
    else
      waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code, data: reply.error.data }));
  }
}

/** The main thread's side: sends the miner thread's request to `provider`; the reply to post. */
export async function answerRequest(
  provider: Eip1193Provider,
  request: Extract<FromMiner, { kind: "rpc" }>,
): Promise<Extract<ToMiner, { kind: "rpcReply" }>> {
  try {
    return {
      kind: "rpcReply",
      id: request.id,
      result: await provider.request({ method: request.method, params: request.params }),
    };
  } catch (error) {
    const { code, message, data } = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
    const failure: RpcFailure = {
      code: typeof code === "number" ? code : undefined,
      message: String(message ?? error),
      data: cloneable(data),
    };
    return { kind: "rpcReply", id: request.id, error: failure };
  }
}

/** `data` if it can be posted to another thread, else its JSON form (or nothing). */
function cloneable(data: unknown): unknown {
  if (data === undefined) return undefined;
  try {
    structuredClone(data);
    return data;
  } catch {
    try {
      return JSON.parse(JSON.stringify(data));
    } catch {
      return undefined;
    }
  }
}
