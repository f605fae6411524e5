import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NodeArgs, NodeSettings, NodeSummary } from "../node/index.ts";

import path from "node:path";

import { loadContractCatalog } from "../capture/contract-catalog.ts";
import { loadSourceTexts } from "../capture/source-texts.ts";
import { ParallelNode, armNextConnection, resolveNodeSettings } from "../node/index.ts";
import { DashboardServer } from "../node/dashboard-server.ts";
import { ParallelError } from "../parallel-error.ts";
import { hardhatVersion } from "../hardhat-version.ts";
import { pluginVersion } from "../plugin-version.ts";
import { buildJsonReport } from "../report/json-report.ts";
import { formatCount, formatSpeedup } from "../report/format-figures.ts";
import { withErrorLine } from "./error-line.ts";
import { generatorLine } from "./html-output.ts";
import { checkOutputPath, writeJsonFile } from "./output-paths.ts";
import { checkPortFree } from "./port-check.ts";

/**
 * `npx hardhat parallel-node`: arms the node hand-over (../node/), runs Hardhat's own `node` task,
 * and on SIGINT / SIGTERM stops mining, prints the session's summary, writes the JSON report
 * (`--out`) and exits 0 with the worker threads ended. `--dashboard`: the live dashboard's server
 * (../node/dashboard-server.ts) listens before the node starts and is closed before the summary.
 */
export default withErrorLine<NodeArgs, HardhatRuntimeEnvironment>(run);

async function run(args: NodeArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  const settings = resolveNodeSettings(args, hre.config.parallel.node, hre.config.parallel.workers);
  const root = hre.config.paths.root;
  const out = settings.out === undefined ? undefined : path.resolve(root, settings.out);
  if (out !== undefined) await checkOutputPath("--out", out, "file");
  const networkName = hre.globalOptions.network ?? "node";
  const networkConfig = hre.config.networks[networkName];
  if (networkConfig === undefined) throw new ParallelError(`no network "${networkName}" in the config`);
  if (networkConfig.type !== "edr-simulated") {
    throw new ParallelError(
      `parallel-node runs on a simulated (EDR) network; "${networkName}" is ${networkConfig.type}`,
    );
  }
  // The node task's connection has no overrides, so it is made from this config object.
  networkConfig.mining.mempool.order = settings.order;
  await checkPortFree(settings.hostname, settings.port);
  const dashboard = settings.dashboard
    ? await DashboardServer.start(settings.hostname, settings.dashboardPort, {
        workers: settings.workers,
        generator: generatorLine(new Date().toISOString()),
        sources: await loadSourceTexts(hre.artifacts),
      })
    : undefined;
  try {
    await serve(hre, settings, out, dashboard);
  } finally {
    await dashboard?.close();
  }
}

async function serve(
  hre: HardhatRuntimeEnvironment,
  settings: NodeSettings,
  out: string | undefined,
  dashboard: DashboardServer | undefined,
): Promise<void> {
  const catalog = await loadContractCatalog(hre.artifacts, hre.config);
  const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  let node: ParallelNode | undefined;
  armNextConnection(async (connection) => {
    node = await ParallelNode.attach(connection, settings, catalog, { print: (line) => console.log(line), color });
    console.log(
      `parallel-node: a block ${settings.blockTime === 0 ? "(no timer)" : `${settings.blockTime} ms after the last`} ` +
        `or at ${settings.blockSize} pending transactions, ${settings.order} order, ${settings.workers} workers`,
    );
    if (dashboard !== undefined) {
      dashboard.serve(node.miner);
      console.log(`Dashboard: ${dashboard.url}`);
    }
  });
  const signal = new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  const served = hre.tasks
    .getTask("node")
    .run({ hostname: settings.hostname, port: settings.port, chainId: -1, forkBlockNumber: -1 });
  const why = await Promise.race([served.then(() => "server closed"), signal]);
  if (node === undefined) throw new ParallelError(`the node stopped before it served (${why})`);
  await dashboard?.close();
  const stopped = await node.stop(out !== undefined).catch((error: Error) => error);
  if (stopped instanceof Error) {
    // Hardhat's server still listens: the process ends here, with the one line that says why.
    console.error(`Error: the node's session could not be read back: ${stopped.message}`);
    process.exit(1);
  }
  const { summary, report: scenario } = stopped;
  console.log(summaryLine(summary, why));
  let failed = false;
  if (out !== undefined) {
    const report = buildJsonReport([scenario!], {
      hardhatVersion: hardhatVersion(),
      pluginVersion: pluginVersion(),
      generatedAt: new Date().toISOString(),
      options: { command: "parallel-node", ...settings },
    });
    try {
      await writeJsonFile(out, report);
      console.log(`JSON report written to ${path.relative(process.cwd(), out)}`);
    } catch (error) {
      console.error(`Error: could not write the JSON report to ${out}: ${(error as Error).message}`);
      failed = true;
    }
  }
  // Hardhat's server still listens: the session is over, so the process ends here.
  process.exit(failed ? 1 : 0);
}

function summaryLine(summary: NodeSummary, why: string): string {
  const speedup =
    summary.averageSpeedup === null
      ? "not measured"
      : `${formatSpeedup(summary.averageSpeedup)} (sequential baseline on ${summary.sampledBlocks} pool blocks)`;
  const hotspots = summary.topHotspots.map((h) => `${h.name} (${h.dependencies})`).join(", ") || "none";
  return (
    `parallel-node stopped (${why}): ${formatCount(summary.blocks)} blocks, ${formatCount(summary.transactions)} tx ` +
    `(${summary.poolBlocks} blocks on the pool, ${summary.sequentialBlocks} sequential, ` +
    `${summary.unexecutedBlocks} not executed; ${formatCount(summary.streamedTransactions)} tx run while they ` +
    `arrived); ${summary.verifiedBlocks} verified against EDR, ` +
    `${summary.mismatches} mismatches; average speedup ${speedup}; top hotspots: ${hotspots}`
  );
}
