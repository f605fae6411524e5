/** The test runners `--tests` can run: Hardhat's `test <name>` subtasks whose tests use JSON-RPC connections. */
export const TEST_RUNNERS = ["mocha", "nodejs"] as const;
export type TestRunnerName = (typeof TEST_RUNNERS)[number];

/** The plugins that add each runner, as an error message names them. */
export const RUNNER_PLUGINS: Record<TestRunnerName, string> = {
  mocha: "@nomicfoundation/hardhat-mocha (or @nomicfoundation/hardhat-toolbox-mocha-ethers)",
  nodejs: "@nomicfoundation/hardhat-node-test-runner (or @nomicfoundation/hardhat-toolbox-viem)",
};

export function isTestRunnerName(name: string): name is TestRunnerName {
  return (TEST_RUNNERS as readonly string[]).includes(name);
}

/**
 * The runners to run, in the order `npx hardhat test` runs them (its subtasks' order): the one
 * asked for, else every known runner the project has. Returns an error message when none fits.
 */
export function chooseRunners(
  available: readonly string[],
  asked: string | undefined,
): { runners: TestRunnerName[] } | { error: string } {
  if (asked !== undefined) {
    if (!isTestRunnerName(asked)) {
      return { error: `--test-runner must be ${TEST_RUNNERS.join(" or ")} (got "${asked}")` };
    }
    if (!available.includes(asked)) {
      return {
        error: `--test-runner ${asked}: the project has no \`test ${asked}\` task: add ${RUNNER_PLUGINS[asked]}`,
      };
    }
    return { runners: [asked] };
  }
  const runners = available.filter(isTestRunnerName);
  if (runners.length === 0) {
    return {
      error:
        "--tests runs the project's mocha or node:test tests, and it has neither: add " +
        `${RUNNER_PLUGINS.mocha} or ${RUNNER_PLUGINS.nodejs} to your plugins`,
    };
  }
  return { runners };
}
