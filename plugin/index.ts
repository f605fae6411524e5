import type { HardhatPlugin } from "hardhat/types/plugins";

import { task } from "hardhat/config";
import { definePlugin } from "hardhat/plugins";
import { ArgumentType } from "hardhat/types/arguments";

import "./type-extensions.ts";

export type * from "./type-extensions.ts";
export type { Scenario, ScenarioContext, ScenarioSizes } from "./scenario.ts";
export { defineScenario } from "./scenario.ts";
export type * from "./internal/report/json-report-types.ts";

const hardhatParallel: HardhatPlugin = definePlugin({
  id: "hardhat-parallel",
  npmPackage: "hardhat-parallel",
  // Scenarios' ctx.ethers: bring hardhat-ethers along when it is installed (a viem-only project may lack it).
  dependencies: () => [
    import("./internal/optional-ethers.ts").then(({ optionalHardhatEthers }) => optionalHardhatEthers()),
  ],
  hookHandlers: {
    config: () => import("./internal/hooks/config.ts"),
    network: () => import("./internal/hooks/network.ts"),
  },
  tasks: [
    task(
      "parallel-report",
      "Runs workload scenarios with automine off, captures every transaction's access list " +
        "and reports what keeps them from running in parallel",
    )
      .addOption({
        name: "scenario",
        description:
          "Scenario(s) to run: names from the scenarios folder or paths to modules, comma-separated (default: all)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "blockSize",
        description: "Pending transactions per mined block (0: config, else the scenario's own, else 100)",
        type: ArgumentType.INT,
        defaultValue: 0,
      })
      .addOption({
        name: "users",
        description: "Funded user accounts per scenario (0: config, else the scenario's own, else 20)",
        type: ArgumentType.INT,
        defaultValue: 0,
      })
      .addOption({
        name: "transactions",
        description: "Transactions each scenario sends (0: config, else the scenario's own, else 200)",
        type: ArgumentType.INT,
        defaultValue: 0,
      })
      .addOption({
        name: "seed",
        description: "Seed for the scenarios' pseudo-random choices",
        type: ArgumentType.INT,
        defaultValue: 1,
      })
      .addOption({
        name: "top",
        description: "Hotspots and table rows listed in the terminal report",
        type: ArgumentType.INT,
        defaultValue: 10,
      })
      .addOption({
        name: "out",
        description: "Write the JSON report to this file",
        type: ArgumentType.FILE_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "html",
        description:
          "Write a self-contained HTML report to this file (conflict graphs, schedules, tables, hotspots; " +
          "opens offline)",
        type: ArgumentType.FILE_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addFlag({ name: "json", description: "Print the JSON report to stdout instead of the terminal report" })
      .addFlag({ name: "list", description: "List the scenarios found and exit" })
      .addFlag({ name: "noCompile", description: "Don't compile the project first" })
      .addFlag({
        name: "execute",
        description:
          "Re-execute every captured block sequentially and on a pool of worker threads, " +
          "check both against the Hardhat network and report measured vs predicted speedup",
      })
      .addOption({
        name: "workers",
        description: "Worker threads for the replay; N > 0 implies --execute (0: parallel.workers, else one per CPU)",
        type: ArgumentType.INT,
        defaultValue: 0,
      })
      .addOption({
        name: "rounds",
        description:
          "Timed runs of each replayed block, sequential and parallel taking turns; the median run is reported",
        type: ArgumentType.INT,
        defaultValue: 3,
      })
      .addOption({
        name: "capture",
        description:
          "How blocks are captured: engine (run by the plugin's engine before the network mines them, " +
          "checked against its receipts) or trace (EDR's tracers after mining). With Hardhat's --network <http " +
          "network> the scenarios run on that node (evm_setAutomine + evm_mine) and its tracers capture every block",
        type: ArgumentType.STRING,
        defaultValue: "engine",
      })
      .addOption({
        name: "blocks",
        description:
          "<from>..<to>: analyse blocks already on the node of --network <http network> (traced, no scenario run), " +
          "reported as one scenario named after the network",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "rpcConcurrency",
        description:
          "On --network <http network>: requests to the node in flight at a time (traces, receipts; --blocks " +
          "traces as many blocks at a time), each retried up to 5 times on a network error, HTTP 5xx/429 or node error",
        type: ArgumentType.STRING,
        defaultValue: "4",
      })
      .addOption({
        name: "model",
        description:
          "Execution models to compute, comma-separated: optimistic, optimistic-strict, bal, locks, locks-predicted, " +
          "locks-exclusive, sharded (default: all)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "shards",
        description: "Shard counts of the sharded model, comma-separated integers from 2 to 1024 (default: 2,4,8)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "explain",
        description:
          "After the report, explain one function's score under each model, with the variables responsible: " +
          "Contract.function(types), or Contract.function when unique",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addFlag({
        name: "resume",
        description:
          "With --blocks and --out: continue a run that was stopped, from <out>.blocks.jsonl (each block traced " +
          "goes there at once; blocks already in it are not fetched again)",
      })
      .addFlag({
        name: "verifyCapture",
        description:
          "Capture every block both ways and compare the read and write sets key by key; exit 1 on any difference",
      })
      .addOption({
        name: "bal",
        description:
          "Write every captured block's EIP-7928 block access list to this folder: " +
          "<scenario>/block-<n>.json (eth_getBlockAccessList shape), .rlp and .hash",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addFlag({
        name: "tests",
        description:
          "Run the project's tests (mocha and node:test, as `hardhat test` runs them) with capture on and report " +
          "contention from their transactions (instead of the scenarios); Solidity tests are not run",
      })
      .addOption({
        name: "testRunner",
        description: "The one test runner --tests runs: mocha or nodejs (default: every one the project has)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "script",
        description:
          "Run this script (as `hardhat run` does) with capture on and report contention from its transactions " +
          "(instead of the scenarios)",
        type: ArgumentType.FILE_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addFlag({
        name: "ci",
        description: "CI gate: check parallel.ci thresholds and the baseline; exit 1 with one line per violation",
      })
      .addFlag({ name: "updateBaseline", description: "Write the baseline file (parallel.ci.baseline) from this run" })
      .addOption({
        name: "markdown",
        description:
          "Write a Markdown summary to this file (it is also appended to $GITHUB_STEP_SUMMARY when that is set)",
        type: ArgumentType.FILE_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .setAction(() => import("./internal/tasks/parallel-report.ts"))
      .build(),
    task(
      "parallel-node",
      "Starts Hardhat's JSON-RPC node (HTTP and WebSocket) with parallel mining: every block runs on the " +
        "plugin's parallel executor before EDR mines it, checked against EDR, with a line per block",
    )
      .addOption({
        name: "hostname",
        description: "Interface to listen on (default: parallel.node.hostname, else 127.0.0.1, loopback only)",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "port",
        description: "Port to listen on (-1: parallel.node.port, else 8545; 0: any free port)",
        type: ArgumentType.INT,
        defaultValue: -1,
      })
      .addOption({
        name: "blockTime",
        description:
          "Mine a block this many milliseconds after the previous one while transactions are pending, " +
          "or sooner at --block-size " +
          "(-1: parallel.node.blockTime, else 1000; 0: no timer)",
        type: ArgumentType.INT,
        defaultValue: -1,
      })
      .addOption({
        name: "blockSize",
        description:
          "Mine a block as soon as this many transactions are pending (0: parallel.node.blockSize, else 500)",
        type: ArgumentType.INT,
        defaultValue: 0,
      })
      .addOption({
        name: "order",
        description: "Order of pending transactions in a block: priority (by fee, the default) or fifo",
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addOption({
        name: "workers",
        description:
          "Worker threads of the parallel executor (0: parallel.node.workers, else parallel.workers, else one per CPU)",
        type: ArgumentType.INT,
        defaultValue: 0,
      })
      .addOption({
        name: "out",
        description: "When the node stops (Ctrl-C), write the session's JSON report (parallel-report schema) here",
        type: ArgumentType.FILE_WITHOUT_DEFAULT,
        defaultValue: undefined,
      })
      .addFlag({
        name: "dashboard",
        description:
          "Serve a live dashboard of the blocks mined (web page: conflict graphs, schedules, speedup and conflict " +
          "rate over time, hotspots) on --hostname, at http://<hostname>:<dashboard-port>/",
      })
      .addOption({
        name: "dashboardPort",
        description:
          "Port of --dashboard (-1: parallel.node.dashboardPort, else the node's port + 1; 0: any free port)",
        type: ArgumentType.INT,
        defaultValue: -1,
      })
      .setAction(() => import("./internal/tasks/parallel-node.ts"))
      .build(),
  ],
});

export default hardhatParallel;
