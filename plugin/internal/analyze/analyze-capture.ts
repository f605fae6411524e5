import type { CaptureResult } from "../capture/types.ts";
import { analyzeBlock, type ScenarioState } from "./block-analysis.ts";
import { createContractDirectory } from "./contract-directory.ts";
import { sumFigures } from "./figures-from-sums.ts";
import { HotspotCollector } from "./hotspot-collector.ts";
import { KeyNamer, type SlotResolvers } from "./key-namer.ts";
import { analyzeModels } from "./models/analyze-models.ts";
import type { ModelOptions } from "./models/model-types.ts";
import { analyzePredictedAccess } from "./predicted-access.ts";
import { aggregateContracts, aggregateFunctions } from "./scenario-groups.ts";
import type { ScenarioAnalysis } from "./types.ts";
import { aggregateVariables } from "./variable-hotspots.ts";

/**
 * Analyses one captured scenario: per block, the dependencies between its transactions (nearest
 * earlier writer of each key read), parallelism figures for the block, each contract and each
 * function, named hotspots; then the same figures summed across blocks; with engine capture, the
 * predicted access sets against the real ones (`predictedAccess`). `accessNames`: every transaction's
 * read and write sets by name too (for the HTML report); `models`: the blocks under each execution model
 * asked for (`models`); `resolvers`: slot resolvers kept from earlier analyses (KeyNamer). Pure: no I/O.
 */
export function analyzeCapture(
  capture: CaptureResult,
  options: { accessNames?: boolean; models?: ModelOptions; resolvers?: SlotResolvers } = {},
): ScenarioAnalysis {
  const directory = createContractDirectory(capture);
  const state: ScenarioState = {
    directory,
    namer: new KeyNamer(directory, options.resolvers),
    hotspots: new HotspotCollector(),
    identities: new Map(),
    accessNames: options.accessNames,
    ...(wantsModels(options.models) ? { blockWork: new Map() } : {}),
  };
  const blocks = capture.blocks.map((block) => analyzeBlock(block, state));

  // A slot unresolved in an early block may have been named later: use the latest names everywhere.
  for (const block of blocks) {
    for (const tx of block.transactions) {
      for (const dependency of tx.dependsOn) {
        for (const key of dependency.keys) key.name = state.namer.latest(key.key)?.name ?? key.name;
      }
    }
  }
  const hotspots = state.hotspots.hotspots().map((hotspot) => ({ ...hotspot, ...state.namer.latest(hotspot.key) }));
  const predictedAccess = analyzePredictedAccess(capture, directory, state.namer);
  const models = wantsModels(options.models)
    ? analyzeModels(capture, directory, state.namer, options.models, state.blockWork)
    : undefined;

  return {
    scenario: capture.scenario,
    chainId: capture.chainId,
    hardfork: capture.hardfork,
    summary: sumFigures(blocks.map((block) => block.figures)),
    contracts: aggregateContracts(blocks, directory, hotspots),
    functions: aggregateFunctions(blocks, state.identities),
    variables: aggregateVariables(hotspots),
    hotspots,
    blocks,
    ...(predictedAccess === undefined ? {} : { predictedAccess }),
    ...(models === undefined ? {} : { models }),
  };
}

function wantsModels(models: ModelOptions | undefined): models is ModelOptions {
  return models !== undefined && models.models.length > 0;
}
