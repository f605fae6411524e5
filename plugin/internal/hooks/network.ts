import type { NetworkHooks } from "hardhat/types/hooks";

import { recorderInCharge } from "../suite/test-suite-recorder.ts";
import { producerFor } from "../workload/block-producer.ts";

/**
 * Hands every JSON-RPC request of a connection running a workload to its block producer; while
 * `parallel-report --tests` runs the test suite, every other request goes past its recorder.
 */
export default async (): Promise<Partial<NetworkHooks>> => ({
  onRequest: async (context, connection, request, next) => {
    const producer = producerFor(connection.id);
    if (producer !== undefined) return producer.handle(request, (forwarded) => next(context, connection, forwarded));
    const recorder = recorderInCharge();
    if (recorder === undefined) return next(context, connection, request);
    return recorder.handle(connection, request, (forwarded) => next(context, connection, forwarded));
  },
  closeConnection: async (context, connection, next) => {
    await recorderInCharge()?.beforeClose(connection);
    return next(context, connection);
  },
});
