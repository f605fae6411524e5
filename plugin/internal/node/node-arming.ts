import type { NetworkConnection } from "hardhat/types/network";

/**
 * parallel-node's hand-over: the task arms it, then runs Hardhat's `node` task, whose
 * `hre.network.create` makes the connection the server will serve. The network hook's
 * `newConnection` gives the first connection made after arming to `attach`, and disarms.
 */
let armed: ((connection: NetworkConnection<string>) => Promise<void>) | undefined;

export function armNextConnection(attach: (connection: NetworkConnection<string>) => Promise<void>): void {
  armed = attach;
}

export function takeArmed(): ((connection: NetworkConnection<string>) => Promise<void>) | undefined {
  const attach = armed;
  armed = undefined;
  return attach;
}
