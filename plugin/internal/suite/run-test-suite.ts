import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { RecordingResult } from "./test-suite-recorder.ts";

import { ParallelError } from "../parallel-error.ts";
import { recordInMochaWorkers, withWorkerRecording } from "./mocha-parallel.ts";
import { RecordedError, recordWhile } from "./record-while.ts";
import { type TestRunnerName, chooseRunners } from "./test-runners.ts";

export interface TestSuiteRun {
  /** The runners' own results (Hardhat Results: `success` false when a test failed), all of them. */
  passed: boolean;
  /** Failing tests over all runners (null when no runner said). */
  failed: number | null;
  runners: TestRunnerName[];
  recording: RecordingResult;
}

/** A runner's task result, as `test mocha` and `test nodejs` return it. */
interface RunnerResult {
  success?: boolean;
  value?: { summary?: { failed?: number } };
  error?: { summary?: { failed?: number } };
}

/**
 * Runs the project's tests in this process while one recorder captures every block they mine: each
 * runner it has (mocha: `test mocha`, node:test: `test nodejs`; or the one `runner` names) through its
 * own task, as `npx hardhat test` runs it (its output, its compilation: once, by the first runner).
 * Mocha's parallel mode runs test files in worker processes: they record them (./mocha-parallel.ts).
 */
export async function runTestSuite(
  hre: HardhatRuntimeEnvironment,
  options: { noCompile: boolean; runner?: string },
): Promise<TestSuiteRun> {
  const chosen = chooseRunners(availableRunners(hre), options.runner);
  if ("error" in chosen) throw new ParallelError(chosen.error);
  const { runners } = chosen;
  const workers = runners.includes("mocha") ? recordInMochaWorkers(hre) : undefined;
  const { value: results, recording } = await recordWhile(async () => {
    const results: RunnerResult[] = [];
    for (const [i, runner] of runners.entries()) {
      const task = hre.tasks.getTask(["test", runner]);
      results.push((await task.run({ noCompile: options.noCompile || i > 0 })) as RunnerResult);
    }
    return results;
  }).catch((error: unknown) => {
    throw error instanceof RecordedError ? error.error : error; // a runner's own error: Hardhat's to report
  });
  const failures = results.map((r) => r?.error?.summary?.failed ?? r?.value?.summary?.failed);
  return {
    passed: results.every((r) => r?.success !== false),
    failed: failures.every((n) => n === undefined) ? null : failures.reduce<number>((sum, n) => sum + (n ?? 0), 0),
    runners,
    recording: await withWorkerRecording(recording, workers),
  };
}

/** The `test` subtasks the project has, in their order. */
function availableRunners(hre: HardhatRuntimeEnvironment): string[] {
  try {
    return [...hre.tasks.getTask("test").subtasks.keys()];
  } catch {
    return [];
  }
}
