import type { NetworkHooks } from "hardhat/types/hooks";

import { sessionFor } from "../capture/capture-session.ts";

/** Routes every JSON-RPC request of a connection under capture through its capture session. */
export default async (): Promise<Partial<NetworkHooks>> => ({
  onRequest: async (context, connection, request, next) => {
    const session = sessionFor(connection.id);
    if (session === undefined) return next(context, connection, request);
    return session.handle(request, () => next(context, connection, request));
  },
});
