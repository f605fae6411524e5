import type { Forward } from "./methods/index.ts";

import { RpcMethodError } from "./methods/index.ts";

/**
 * The block a method's first parameter names: a number (hex or JSON), "latest" / "earliest" /
 * "pending" / "safe" / "finalized", or a block hash. Null when the hash is unknown.
 */
export async function blockNumberParam(params: unknown[], forward: Forward, method: string): Promise<number | null> {
  const [tag] = params;
  if (typeof tag === "number" && Number.isInteger(tag) && tag >= 0) return tag;
  if (typeof tag === "string") {
    if (/^0x[0-9a-fA-F]{1,16}$/.test(tag)) return Number(tag);
    if (/^0x[0-9a-fA-F]{64}$/.test(tag)) {
      const block = (await forward("eth_getBlockByHash", [tag, false])) as { number: string } | null;
      return block === null ? null : Number(block.number);
    }
    if (tag === "earliest") return 0;
    if (["latest", "safe", "finalized", "pending"].includes(tag)) {
      const latest = Number(await forward("eth_blockNumber", []));
      return tag === "pending" ? latest + 1 : latest;
    }
  }
  throw new RpcMethodError(-32602, `${method} expects a block number, tag or hash as its first parameter`);
}
