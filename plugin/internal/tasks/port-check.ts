import { createServer } from "node:net";

import { listenError } from "../node/listen-error.ts";

/**
 * Fails with one clear line when `hostname:port` cannot be listened on (in use, not this machine's
 * address, not allowed), before Hardhat's server tries: its listen has no error handler.
 */
export async function checkPortFree(hostname: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => reject(listenError(error, "port", hostname, port)));
    server.listen(port, hostname, () => server.close(() => resolve()));
  });
}
