import type { JsonReport } from "../../plugin/internal/report/json-report-types.ts";
import type { CommandResult, ProjectFiles } from "../helpers/fixture-project.ts";

import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT, SOLIDITY_CONFIG, linkRepoNodeModules, writeProject } from "../helpers/fixture-project.ts";

const SCENARIO_API = `${REPO_ROOT}/plugin/scenario.ts`;

/** The bundled hot-counter workload (ethers): transaction i is users[i % users].deposit(). */
export const ETHERS_HOT_COUNTER = `import { counterDepositsScenario } from "${REPO_ROOT}/examples/_counter-deposits.ts";
export default counterDepositsScenario("HotCounter", "hot-counter", "ethers");
`;

/** The same workload with viem: same contract, transactions, senders and order. */
export const VIEM_HOT_COUNTER = `import { defineScenario } from "${SCENARIO_API}";
export default defineScenario({
  name: "hot-counter-viem",
  description: "hot-counter with viem",
  defaults: { users: 100, transactions: 200, blockSize: 100 },
  async setup(ctx) {
    const counter = await ctx.viem.deployContract("HotCounter", [], { client: { wallet: ctx.viem.deployer } });
    return { counter };
  },
  async run(ctx, { counter }) {
    const { users } = ctx.viem;
    for (let i = 0; i < ctx.sizes.transactions; i++) {
      const user = users[i % users.length];
      await user.writeContract({ address: counter.address, abi: counter.abi, functionName: "deposit", ...ctx.viem.tx });
    }
  },
});
`;

/** Waits for a receipt inside run with ethers' tx.wait(): hangs (the test stops it). */
export const WAITS_FOR_RECEIPT = `import { defineScenario } from "${SCENARIO_API}";
export default defineScenario({
  name: "waits-for-receipt",
  description: "tx.wait() inside run",
  defaults: { users: 2, transactions: 2, blockSize: 10 },
  async setup(ctx) {
    return { counter: await ctx.ethers.deployContract("HotCounter", [], ctx.deployer) };
  },
  async run(ctx, { counter }) {
    const tx = await counter.connect(ctx.users[0]).deposit(ctx.tx);
    await tx.wait();
  },
});
`;

/** Waits for a receipt inside run with viem's waitForTransactionReceipt, for at most 5 s. */
export const VIEM_WAITS_FOR_RECEIPT = `import { defineScenario } from "${SCENARIO_API}";
export default defineScenario({
  name: "viem-waits-for-receipt",
  description: "waitForTransactionReceipt inside run",
  defaults: { users: 2, transactions: 2, blockSize: 10 },
  async setup(ctx) {
    return { counter: await ctx.viem.deployContract("HotCounter") };
  },
  async run(ctx, { counter }) {
    const [user] = ctx.viem.users;
    const deposit = { address: counter.address, abi: counter.abi, functionName: "deposit" };
    const hash = await user.writeContract({ ...deposit, ...ctx.viem.tx });
    const waited = ctx.viem.publicClient.waitForTransactionReceipt({ hash, timeout: 5000 });
    if (await waited.then(() => true, () => false)) throw new Error("a receipt before any block");
  },
});
`;

/** Three deposits, the receipt of the third (ethers or viem), two more: blocks of 3 and 2 with blockSize 100. */
export function mineAndWaitScenario(lib: "ethers" | "viem"): string {
  const send =
    lib === "ethers"
      ? "(i) => counter.connect(ctx.users[i]).deposit(ctx.tx)"
      : `(i) => ctx.viem.users[i].writeContract({ ...deposit(counter), ...ctx.viem.tx })`;
  const deploy =
    lib === "ethers"
      ? `ctx.ethers.deployContract("HotCounter", [], ctx.deployer)`
      : `ctx.viem.deployContract("HotCounter")`;
  const ok = lib === "ethers" ? "receipt.status === 1" : `receipt.status === "success"`;
  return `import { defineScenario } from "${SCENARIO_API}";
const deposit = (counter) => ({ address: counter.address, abi: counter.abi, functionName: "deposit" });
const text = (value) => JSON.stringify(value, (k, v) => (typeof v === "bigint" ? String(v) : v));
export default defineScenario({
  name: "mine-and-wait-${lib}",
  description: "ctx.mineAndWait in the middle of run",
  defaults: { users: 5, transactions: 5, blockSize: 100 },
  async setup(ctx) {
    return { counter: await ${deploy} };
  },
  async run(ctx, { counter }) {
    const send = ${send};
    let last;
    for (let i = 0; i < 3; i++) last = await send(i);
    const receipt = await ctx.mineAndWait(last);
    if (!(${ok})) throw new Error("no successful receipt: " + text(receipt));
    for (let i = 3; i < 5; i++) await send(i);
  },
});
`;
}

/**
 * A project with HotCounter, the plugin from this repository and `plugins` (import lines and
 * names), the given scenarios in scenarios/, and the repository's node_modules linked in.
 */
export function counterProject(imports: string, plugins: string[], scenarios: ProjectFiles): string {
  const files: ProjectFiles = {
    "package.json": JSON.stringify({ type: "module" }),
    "hardhat.config.ts": `import { createRequire } from "node:module";
${imports}
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [${[...plugins, "hardhatParallel"].join(", ")}],
  solidity: ${SOLIDITY_CONFIG},
  parallel: { scenariosDir: "scenarios" },
};
`,
    "contracts/HotCounter.sol": readFileSync(path.join(REPO_ROOT, "contracts/HotCounter.sol"), "utf8"),
  };
  for (const [name, text] of Object.entries(scenarios)) files[`scenarios/${name}`] = text;
  const dir = writeProject(files, "hardhat-parallel-viem-");
  linkRepoNodeModules(dir);
  return dir;
}

function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("HARDHAT_") && name !== "HH_TEST"),
  );
  return { ...env, NO_COLOR: "1" };
}

const cliOf = (dir: string) => path.join(dir, "node_modules", "hardhat", "dist", "src", "cli.js");

/**
 * Hardhat's CLI in `dir`, stopped (SIGKILL) as soon as its stderr matches `line`, or after
 * `timeoutMs`: its stderr so far, and whether the line came.
 */
export function untilLine(
  dir: string,
  args: string[],
  line: RegExp,
  timeoutMs: number,
): Promise<{ stderr: string; seen: boolean }> {
  const child = spawn(process.execPath, [cliOf(dir), ...args], {
    cwd: dir,
    env: childEnv(),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  return new Promise((resolve) => {
    const stop = (seen: boolean) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      resolve({ stderr, seen });
    };
    const timer = setTimeout(() => stop(false), timeoutMs);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
      if (line.test(stderr)) stop(true);
    });
    child.on("exit", () => stop(line.test(stderr)));
  });
}

/** Hardhat's CLI in `dir` with this Node, stderr kept, killed after `timeoutMs` (no test hangs). */
export function hardhatIn(dir: string, args: string[], timeoutMs = 240_000): CommandResult {
  const result = spawnSync(process.execPath, [cliOf(dir), ...args], {
    cwd: dir,
    env: childEnv(),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
    killSignal: "SIGKILL",
  });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** `parallel-report --json` in `dir`; fails with its stderr unless it exits 0. */
export function reportIn(dir: string, args: string[]): { report: JsonReport; stderr: string } {
  const run = hardhatIn(dir, ["parallel-report", "--json", ...args]);
  if (run.status !== 0) throw new Error(`parallel-report ${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
  return { report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}
