import { createServer } from "node:net";

import { ParallelError } from "../parallel-error.ts";

/**
 * Fails with one clear line when `hostname:port` cannot be listened on (in use, not this machine's
 * address, not allowed), before Hardhat's server tries: its listen has no error handler.
 */
export async function checkPortFree(hostname: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      const why =
        error.code === "EADDRINUSE"
          ? "is already in use (stop what listens there, or choose another --port)"
          : error.code === "EACCES"
            ? "may not be used by this user (ports under 1024 need privileges)"
            : error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND"
              ? `cannot be listened on: ${hostname} is not an address of this machine`
              : `cannot be listened on: ${error.message}`;
      reject(new ParallelError(`port ${port} on ${hostname} ${why}`));
    });
    server.listen(port, hostname, () => server.close(() => resolve()));
  });
}
