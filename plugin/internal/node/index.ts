/**
 * node/: `npx hardhat parallel-node`, the local devnet with parallel mining (parallel-node.ts: how
 * its pieces fit). The plugin's JSON-RPC methods are methods/ and node-router.ts.
 */
export { HUNG_WORKER_MS, ParallelNode, type NodeOutput } from "./parallel-node.ts";
export { armNextConnection, takeArmed } from "./node-arming.ts";
export { resolveNodeSettings, NODE_DEFAULTS, type NodeArgs, type NodeSettings } from "./node-settings.ts";
export type { NodeSummary } from "./node-session.ts";
export type { MinedBlock } from "./mined-block.ts";
