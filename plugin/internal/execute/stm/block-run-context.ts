import type { ChainConfig, EvmRunner } from "../../evm/index.ts";
import type { BlockJob } from "../block-execution.ts";
import type { ExecutorPool } from "../workers/index.ts";
import type { ParallelOptions } from "./parallel-options.ts";

/** What a block run needs of its executor (the ParallelExecutor; parallel-executor.ts). */
export interface BlockRunContext {
  readonly pool: Pick<ExecutorPool, "size" | "slots" | "run" | "recoverSenders" | "resetBusy">;
  readonly chain: ChainConfig;
  /** The executor's options; a block run disarms `faults` once one fired. */
  readonly options: ParallelOptions;
  /** CPUs of this machine. */
  readonly cpus: number;
  /** Call classes found serial in earlier blocks (serial-classes.ts): name to chain name; updated. */
  readonly serialClassNames: Map<string, string>;
  /** The main thread's own VM (sequential mode). */
  mainThreadRunner(job: BlockJob): Promise<EvmRunner>;
}
