/** A JSON-RPC proxy in front of a node (anvil) for the `--network` tests, with a fault to simulate. */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { type AddressInfo } from "node:net";

/**
 * What a proxy in front of anvil does: "none" forwards everything; "no-block-tracer" answers
 * debug_traceBlockByNumber with -32601; "no-debug" does so for debug_traceTransaction too;
 * "flaky" fails every 10th request (HTTP 503, then a dropped connection, in turn) before
 * forwarding it; "down" answers every debug_traceBlockByNumber with HTTP 503; "no-mine" answers
 * every evm_*, anvil_* and hardhat_* method with -32601 (a node that mines on its own, like geth).
 */
export type Fault = "none" | "no-block-tracer" | "no-debug" | "flaky" | "down" | "no-mine";

interface RpcCall {
  id: unknown;
  method: string;
}

/** A forwarding JSON-RPC proxy (single calls and batches) on 127.0.0.1:0, with `fault`. */
export async function startProxy(target: string, fault: Fault) {
  const stats = { requests: 0, faults: 0, refused: new Set<string>() };
  const refuses = (method: string) =>
    (fault === "no-block-tracer" || fault === "no-debug") && method === "debug_traceBlockByNumber"
      ? true
      : fault === "no-mine"
        ? /^(evm|anvil|hardhat)_/.test(method)
        : fault === "no-debug" && method === "debug_traceTransaction";
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const n = ++stats.requests;
    if (fault === "flaky" && n % 10 === 0) {
      stats.faults++;
      if ((n / 10) % 2 === 1) response.writeHead(503).end("Service Unavailable");
      else request.socket.destroy();
      return;
    }
    const parsed = JSON.parse(body) as RpcCall | RpcCall[];
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    if (fault === "down" && calls.some((call) => call.method === "debug_traceBlockByNumber")) {
      stats.faults++;
      response.writeHead(503).end("Service Unavailable");
      return;
    }
    const forward = calls.filter((call) => !refuses(call.method));
    const replies = new Map<unknown, unknown>();
    if (forward.length > 0) {
      const answer = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(Array.isArray(parsed) ? forward : forward[0]),
      });
      const json = (await answer.json()) as { id: unknown } | Array<{ id: unknown }>;
      for (const reply of Array.isArray(json) ? json : [json]) replies.set(reply.id, reply);
    }
    const answers = calls.map((call) => {
      if (!refuses(call.method)) return replies.get(call.id);
      stats.refused.add(call.method);
      return { jsonrpc: "2.0", id: call.id, error: { code: -32601, message: `Method not found: ${call.method}` } };
    });
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(Array.isArray(parsed) ? answers : answers[0]));
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => response.writeHead(502).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stats, close: () => new Promise((resolve) => server.close(resolve)) };
}
