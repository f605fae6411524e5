import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { RecordingResult } from "./test-suite-recorder.ts";

import { existsSync } from "node:fs";
import path from "node:path";

import { ParallelError } from "../parallel-error.ts";
import { RecordedError, recordWhile } from "./record-while.ts";

export interface ScriptRun {
  /** Whether the script threw, and what. */
  failed: boolean;
  error?: unknown;
  recording: RecordingResult;
}

/**
 * Runs a script as `npx hardhat run <script>` does (Hardhat's own `run` task: compilation first,
 * then the script imported in this process) while the recorder captures every block it mines. The
 * path is relative to the working directory, as for `hardhat run`.
 */
export async function runScript(
  hre: HardhatRuntimeEnvironment,
  options: { script: string; noCompile: boolean },
): Promise<ScriptRun> {
  const script = path.resolve(process.cwd(), options.script);
  if (!existsSync(script)) throw new ParallelError(`--script: no such file: ${options.script}`);
  const task = hre.tasks.getTask("run");
  try {
    const { recording } = await recordWhile(() => task.run({ script, noCompile: options.noCompile }));
    return { failed: false, recording };
  } catch (error) {
    if (!(error instanceof RecordedError)) throw error;
    return { failed: true, error: error.error, recording: error.recording };
  }
}
