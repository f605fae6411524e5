/** The block-production stage: blocks run by the engine before EDR mines them (block-production.ts). */
export { BlockProduction, type ProductionOptions } from "./block-production.ts";
export { type CaptureDifference, compareCaptures, differenceLine } from "./capture-compare.ts";
