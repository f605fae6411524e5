import { ParallelError } from "../parallel-error.ts";

/**
 * A task action whose ParallelError becomes one `Error: …` line on stderr and exit code 1; any
 * other error is Hardhat's to report (a bug: it keeps its stack trace).
 */
export function withErrorLine<Args, Hre>(run: (args: Args, hre: Hre) => Promise<unknown>) {
  return async (args: Args, hre: Hre): Promise<void> => {
    try {
      await run(args, hre);
    } catch (error) {
      if (!(error instanceof ParallelError)) throw error;
      console.error(`Error: ${error.message}`);
      process.exitCode = 1;
    }
  };
}
