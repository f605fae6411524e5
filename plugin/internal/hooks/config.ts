import type { ConfigHooks } from "hardhat/types/hooks";
import type { HardhatConfig } from "hardhat/types/config";

import { checkArtifactPaths, resolveParallelConfig, validateParallelUserConfig } from "../config/parallel-config.ts";

export default async (): Promise<Partial<ConfigHooks>> => ({
  validateUserConfig: async (userConfig) => validateParallelUserConfig(userConfig.parallel),

  resolveUserConfig: async (userConfig, resolveConfigurationVariable, next) => {
    const resolved = await next(userConfig, resolveConfigurationVariable);
    addStorageLayoutOutput(resolved);
    const parallel = resolveParallelConfig(userConfig.parallel);
    await checkArtifactPaths(resolved.paths.root, parallel.artifacts);
    return { ...resolved, parallel };
  },
});

/** Hotspots are named from solc's storage layout: ask every compiler for it. */
function addStorageLayoutOutput(config: HardhatConfig): void {
  for (const profile of Object.values(config.solidity.profiles)) {
    for (const compiler of [...profile.compilers, ...Object.values(profile.overrides)]) {
      const settings = (compiler.settings ??= {});
      const selection = (settings.outputSelection ??= {});
      const all = (selection["*"] ??= {});
      const perContract: string[] = (all["*"] ??= []);
      if (!perContract.includes("storageLayout")) perContract.push("storageLayout");
    }
  }
}
