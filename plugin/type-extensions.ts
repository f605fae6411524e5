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
  /** Write the JSON report here (relative to the project root) on every run. Default: none. */
  out?: string;
}

export interface ParallelConfig {
  scenariosDir: string;
  scenarios: string[];
  blockSize: number | undefined;
  users: number | undefined;
  transactions: number | undefined;
  out: string | undefined;
}
