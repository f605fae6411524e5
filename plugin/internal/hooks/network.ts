import type { NetworkHooks } from "hardhat/types/hooks";

import { producerFor } from "../workload/block-producer.ts";

/** Hands every JSON-RPC request of a connection running a workload to its block producer. */
export default async (): Promise<Partial<NetworkHooks>> => ({
  onRequest: async (context, connection, request, next) => {
    const producer = producerFor(connection.id);
    if (producer === undefined) return next(context, connection, request);
    return producer.handle(request, (forwarded) => next(context, connection, forwarded));
  },
});
