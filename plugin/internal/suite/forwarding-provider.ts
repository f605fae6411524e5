import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
import type { Eip1193Provider } from "../rpc/index.ts";

export type Forward = (request: JsonRpcRequest) => Promise<JsonRpcResponse>;

/**
 * A provider that sends its requests further down a connection's request-hook chain (to the network
 * itself), so that what the recorder asks for is not seen again by the recorder or by earlier hooks.
 */
export function forwardingProvider(forward: () => Forward): Eip1193Provider {
  let id = 0;
  return {
    async request({ method, params }) {
      const response = await forward()({
        jsonrpc: "2.0",
        id: `hardhat-parallel-${++id}`,
        method,
        params: params ?? [],
      });
      if ("error" in response && response.error !== undefined) throw new Error(response.error.message);
      return (response as { result: unknown }).result;
    },
  };
}
