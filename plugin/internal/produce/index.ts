/** The block-production stage: blocks run by the engine before EDR mines them (block-production.ts). */
export { BlockProduction, type ProductionOptions } from "./block-production.ts";
export { type CaptureDifference, compareCaptures, differenceLine } from "./capture-compare.ts";
export type { EngineBlock, EngineTx, PendingTx } from "./engine-block.ts";
export type { PendingBlock } from "./pending-block.ts";
export { readPendingBlock } from "./pending-block.ts";
export { CaptureEngine } from "./engine-block.ts";
export { HeadState } from "./head-state.ts";
export { SentRaw } from "./sent-raw.ts";
export { NodeMinedBlocks, waitUntilMined } from "./node-mined-blocks.ts";
export type { MempoolOrder } from "./pending-selection.ts";
