/**
 * A temporary Hardhat project for the node benchmark (bench/node.ts) and the node load test
 * (test/node/load-smoke.test.ts): this repository's contracts (contracts/*.sol, not fuzz/), the
 * plugin imported by absolute path, the repository's node_modules linked in, solc from the npm
 * `solc` package (as in hardhat.config.ts), and a `node` network with interval mining, which is
 * what plain `hardhat node` serves (with `allowBlocksWithSameTimestamp`, which Hardhat requires for
 * intervals under one second).
 */
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

import {
  REPO_ROOT,
  SOLIDITY_CONFIG,
  linkRepoNodeModules,
  runHardhat,
  writeProject,
} from "../test/helpers/fixture-project.ts";

export interface NodeProjectOptions {
  /** Interval mining of the `node` network, in milliseconds (automine off). Default 500. */
  blockTimeMs?: number;
}

/** Writes the project into a fresh temporary folder (not built yet) and returns its path. */
export function writeNodeProject(options: NodeProjectOptions = {}): string {
  const interval = options.blockTimeMs ?? 500;
  if (!Number.isInteger(interval) || interval < 1)
    throw new Error(`block time must be a positive integer: ${interval}`);
  const dir = writeProject(
    {
      "package.json": JSON.stringify({ type: "module" }),
      "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  networks: {
    node: {
      type: "edr-simulated",
      chainType: "l1",
      mining: { auto: false, interval: ${interval} },
      // Required by Hardhat for intervals under 1 s; set for every interval so all runs compare.
      allowBlocksWithSameTimestamp: true,
    },
  },
};
`,
    },
    "hardhat-parallel-node-",
  );
  const contracts = path.join(REPO_ROOT, "contracts");
  mkdirSync(path.join(dir, "contracts"), { recursive: true });
  for (const file of readdirSync(contracts)) {
    if (file.endsWith(".sol")) copyFileSync(path.join(contracts, file), path.join(dir, "contracts", file));
  }
  linkRepoNodeModules(dir);
  return dir;
}

/** `hardhat build` in `dir`; throws with Hardhat's output when it fails. */
export function buildNodeProject(dir: string): void {
  const result = runHardhat(dir, ["build"]);
  if (result.status !== 0) {
    throw new Error(`hardhat build in ${dir} exited ${result.status}:\n${result.stderr}\n${result.stdout}`);
  }
}

/** The project's artifacts folder (what `runLoad` deploys from). */
export function artifactsDir(dir: string): string {
  return path.join(dir, "artifacts");
}
