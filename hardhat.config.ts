import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";

import hardhatParallel from "./plugin/index.ts";

// solc comes from the npm `solc` package (pinned to the same version): nothing is downloaded.
const soljson = createRequire(import.meta.url).resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatParallel],
  solidity: {
    version: "0.8.28",
    path: soljson,
    settings: { optimizer: { enabled: true, runs: 200 } },
  },
  paths: { tests: { mocha: "test" } },
  parallel: {
    scenariosDir: "examples",
  },
});
