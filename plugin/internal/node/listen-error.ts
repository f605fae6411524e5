import { ParallelError } from "../parallel-error.ts";

/**
 * One clear line for a failed listen on `hostname:port`: `what` is "port" (the node's, `--port`) or
 * "dashboard port" (`--dashboard-port`).
 */
export function listenError(
  error: NodeJS.ErrnoException,
  what: "port" | "dashboard port",
  hostname: string,
  port: number,
): ParallelError {
  const option = what === "port" ? "--port" : "--dashboard-port";
  const why =
    error.code === "EADDRINUSE"
      ? `is already in use (stop what listens there, or choose another ${option})`
      : error.code === "EACCES"
        ? "may not be used by this user (ports under 1024 need privileges)"
        : error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND"
          ? `cannot be listened on: ${hostname} is not an address of this machine`
          : `cannot be listened on: ${error.message}`;
  return new ParallelError(`${what} ${port} on ${hostname} ${why}`);
}
