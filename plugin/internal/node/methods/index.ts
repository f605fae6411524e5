/**
 * node/methods/: the JSON-RPC methods parallel-node answers itself on top of EDR, which lacks them
 * (eth_createAccessList, txpool_*). Each is an async function of the request's params and a
 * `Forward` that sends requests to EDR; a request it refuses throws an RpcMethodError.
 */
export type { Forward } from "./forward.ts";
export { INVALID_PARAMS, RpcMethodError, invalidParams } from "./method-error.ts";
export { createAccessList } from "./create-access-list.ts";
export type { AccessListEntry, AccessListResult } from "./create-access-list.ts";
export { txpoolContent, txpoolInspect, txpoolStatus } from "./txpool.ts";
export type { PoolTransaction, TxpoolContent, TxpoolInspect } from "./txpool.ts";
