import type { NetworkHooks } from "hardhat/types/hooks";

import { takeArmed } from "../node/node-arming.ts";
import { recorderInCharge } from "../suite/test-suite-recorder.ts";
import { producerFor } from "../workload/block-producer.ts";

/**
 * Hands every JSON-RPC request of a connection running a workload (or parallel-node) to its
 * handler; the first connection made after parallel-node armed itself becomes the node's; while
 * `parallel-report --tests` runs the test suite, every other request goes past its recorder.
 */
export default async (): Promise<Partial<NetworkHooks>> => ({
  newConnection: async (context, next) => {
    const connection = await next(context);
    await takeArmed()?.(connection);
    return connection;
  },
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
