import "hardhat/types/config";

declare module "hardhat/types/config" {
  interface HardhatUserConfig {
    parallel?: ParallelUserConfig;
  }
  interface HardhatConfig {
    parallel: ParallelConfig;
  }
}

/** `parallel` in hardhat.config.ts. Every field is optional. */
export interface ParallelUserConfig {
  /** Folder of scenario modules, relative to the project root. Default "scenarios". */
  scenariosDir?: string;
  /** Scenarios run when `--scenario` is not given (names or paths). Default: every module in `scenariosDir`. */
  scenarios?: string[];
  /** Pending transactions per mined block. Default: each scenario's own, else 100. */
  blockSize?: number;
  /** Funded user accounts. Default: each scenario's own, else 20. */
  users?: number;
  /** Transactions each scenario sends. Default: each scenario's own, else 200. */
  transactions?: number;
  /** Worker threads of `parallel-report --execute` (`--workers` overrides it). Default: the number of CPUs. */
  workers?: number;
  /** Write the JSON report here (relative to the project root) on every run. Default: none. */
  out?: string;
  /** Write the HTML report here (relative to the project root) on every run (`--html` overrides it). Default: none. */
  html?: string;
  /**
   * Prebuilt JSON artifacts (Hardhat, Truffle/Waffle or Foundry) of contracts the project does not compile,
   * to name them in reports: folders (every `.json` below), files or globs, relative to the project root.
   * Example: `["node_modules/@uniswap/v2-core/build"]`. Default: none.
   */
  artifacts?: string[];
  /** The CI gate (`parallel-report --ci`): thresholds and baseline. */
  ci?: ParallelCiUserConfig;
  /** `parallel-node`: the local devnet with parallel mining (its options override these). */
  node?: ParallelNodeUserConfig;
}

/** `parallel.node`: defaults of `npx hardhat parallel-node`'s options. */
export interface ParallelNodeUserConfig {
  /** Interface to listen on. Default "127.0.0.1" (loopback only). */
  hostname?: string;
  /** Default 8545 (0: any free port). */
  port?: number;
  /** A block this many ms after the previous one while transactions are pending (0: no timer). Default 1000. */
  blockTime?: number;
  /** A block as soon as this many transactions are pending. Default 500. */
  blockSize?: number;
  /** EDR's mempool order: "priority" (fee, the default) or "fifo". */
  order?: "fifo" | "priority";
  /** Worker threads of the parallel executor. Default: `parallel.workers`, else one per CPU. */
  workers?: number;
  /** Write the session's JSON report here when the node stops (relative to the project root). */
  out?: string;
  /** Serve the live dashboard (a web page of the blocks mined so far) on the node's hostname. Default false. */
  dashboard?: boolean;
  /** The dashboard's port. Default: the node's port + 1 (8546); 0: any free port. */
  dashboardPort?: number;
  /** The most requests a JSON-RPC batch may hold; every element of a larger one gets an error. Default 1000. */
  maxBatch?: number;
}

export type ParallelNodeConfig = ParallelNodeUserConfig;

/** `parallel.ci`: what makes `parallel-report --ci` fail. Scores and rates are fractions in [0, 1]. */
export interface ParallelCiUserConfig {
  /** Lowest acceptable score, for every contract or by contract name (`"*"`: every other contract). */
  minScore?: number | Record<string, number>;
  /** Highest acceptable conflict rate of any contract. */
  maxConflictRate?: number;
  /** Fail when a contention hotspot is not in the baseline. Default true. */
  failOnNewHotspot?: boolean;
  /** Fail when a contract's score is lower than in the baseline by more than this. Default 0.05. */
  maxScoreDrop?: number;
  /** Baseline file, relative to the project root. Default "parallel-baseline.json". */
  baseline?: string;
}

export interface ParallelConfig {
  scenariosDir: string;
  scenarios: string[];
  blockSize: number | undefined;
  users: number | undefined;
  transactions: number | undefined;
  workers: number | undefined;
  out: string | undefined;
  html: string | undefined;
  /** `parallel.artifacts` as given (relative to the project root); every entry matched a file. */
  artifacts: string[];
  ci: ParallelCiConfig;
  node: ParallelNodeConfig;
}

export interface ParallelCiConfig {
  /** Score threshold by contract name; `"*"` applies to contracts not listed. Empty: no score check. */
  minScore: Record<string, number>;
  maxConflictRate: number | undefined;
  failOnNewHotspot: boolean;
  maxScoreDrop: number;
  baseline: string;
}
