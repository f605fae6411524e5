/**
 * How a method of parallel-node asks EDR (the Hardhat network under the node) for something: one
 * JSON-RPC request. It throws EDR's error as it is (an object with `.code` and `.message`).
 */
export type Forward = (method: string, params: unknown[]) => Promise<unknown>;
