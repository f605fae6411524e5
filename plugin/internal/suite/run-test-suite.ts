import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { RecordingResult } from "./test-suite-recorder.ts";

import { ParallelError } from "../parallel-error.ts";
import { TestSuiteRecorder, attachRecorder } from "./test-suite-recorder.ts";

export interface TestSuiteRun {
  /** The mocha task's own result (a Hardhat Result: `success` false when a test failed). */
  passed: boolean;
  failed: number | null;
  recording: RecordingResult;
}

/**
 * Runs the project's mocha tests in this process (the `test mocha` task, exactly as
 * `npx hardhat test mocha` runs them: its output, its compilation) while the recorder captures every
 * block they mine. Mocha's parallel mode runs tests in other processes, out of the recorder's sight:
 * it is turned off for this run.
 */
export async function runTestSuite(
  hre: HardhatRuntimeEnvironment,
  options: { noCompile: boolean },
): Promise<TestSuiteRun> {
  let mocha;
  try {
    mocha = hre.tasks.getTask(["test", "mocha"]);
  } catch {
    throw new ParallelError(
      "--tests runs the project's mocha tests: add @nomicfoundation/hardhat-mocha " +
        "(or @nomicfoundation/hardhat-toolbox-mocha-ethers) to your plugins",
    );
  }
  const mochaConfig = (hre.config as { test?: { mocha?: { parallel?: boolean } } }).test?.mocha;
  if (mochaConfig?.parallel === true) {
    console.error("hardhat-parallel: running the mocha tests serially (parallel mode runs them in other processes)");
    mochaConfig.parallel = false;
  }
  const recorder = new TestSuiteRecorder();
  const detach = attachRecorder(recorder);
  let result: unknown;
  let recording: RecordingResult;
  try {
    result = await mocha.run({
      testFiles: [],
      bail: false,
      grep: undefined,
      grepExclude: undefined,
      noCompile: options.noCompile,
    });
  } finally {
    recording = await recorder.finish();
    detach();
  }
  const outcome = result as {
    success?: boolean;
    value?: { summary?: { failed?: number } };
    error?: { summary?: { failed?: number } };
  };
  return {
    passed: outcome?.success !== false,
    failed: outcome?.error?.summary?.failed ?? outcome?.value?.summary?.failed ?? null,
    recording,
  };
}
