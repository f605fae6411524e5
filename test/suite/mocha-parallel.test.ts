import { expect } from "chai";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

import { HOT_BOX } from "../helpers/box-project.ts";
import {
  REPO_ROOT,
  SOLIDITY_CONFIG,
  linkRepoNodeModules,
  runHardhat,
  writeProject,
} from "../helpers/fixture-project.ts";
import {
  RecordingDelta,
  type WorkerFileRecording,
  mergeWorkerRecordings,
} from "../../plugin/internal/suite/worker-recording.ts";

/**
 * A mocha test file: a fresh chain, a Box deployed and called at the top level, Box deployed by a
 * fixture (loadFixture reverts between the tests: the recorder must capture each test's blocks
 * first), deposits from the given signers; it notes the process it ran in under pids/. beta also
 * makes a chain in a test (a serial run sees it after every file's top-level chain).
 */
function testFile(name: string, signers: number[][]): string {
  const tests = signers
    .map(
      (users, i) => `
  it("${name} ${i}", async () => {
    writeFileSync(path.join("pids", "${name}-${i}-" + process.pid), "");
    const { box } = await networkHelpers.loadFixture(deploy);
    const signers = await ethers.getSigners();
    for (const user of [${users.join(", ")}]) await box.connect(signers[user]).deposit(BigInt(user + 1));
    expect(await box.depositCount()).to.equal(${users.length}n);
  });`,
    )
    .join("\n");
  return `import { expect } from "chai";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { network } from "hardhat";

mkdirSync("pids", { recursive: true });
const { ethers, networkHelpers } = await network.create();
const deploy = async () => ({ box: await ethers.deployContract("Box") });
// Mined at load time (hardhat-mocha also loads the files in the main process in parallel mode).
const loaded = await ethers.deployContract("Box");
await loaded.deposit(9n);

describe("${name}", () => {${tests}
${
  name === "beta"
    ? `
  it("beta on a chain of its own", async () => {
    const own = await network.create();
    const box = await own.ethers.deployContract("Box");
    const [, bob, carol] = await own.ethers.getSigners();
    for (const user of [bob, carol]) await box.connect(user).deposit(3n);
  });`
    : ""
}${
    name === "gamma"
      ? `
  it("fails when FAIL_ONE is set", async () => {
    expect(process.env.FAIL_ONE, "deliberately failing").to.equal(undefined);
  });`
      : ""
  }});
`;
}

interface SuiteReport {
  kind: string;
  suite: { transactions: { mined: number; analysed: number } } & Record<string, unknown>;
}

/** `parallel-report --tests` captures mocha's parallel mode in its workers, as a serial run would. */
describe("suite: --tests with mocha's parallel mode", function () {
  this.timeout(300_000);
  let project: string;

  before(() => {
    project = writeProject({
      "package.json": JSON.stringify({ type: "module" }),
      "hardhat.config.ts": `import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatParallel from "${REPO_ROOT}/plugin/index.ts";
export default {
  plugins: [hardhatToolboxMochaEthers, hardhatParallel],
  solidity: ${SOLIDITY_CONFIG},
  test: { mocha: { parallel: process.env.MOCHA_PARALLEL === "1", jobs: Number(process.env.MOCHA_JOBS ?? "3") } },
};
`,
      "contracts/Box.sol": HOT_BOX,
      "test/alpha.ts": testFile("alpha", [
        [0, 1, 2],
        [1, 3],
      ]),
      "test/beta.ts": testFile("beta", [[2, 4, 0, 4]]),
      "test/gamma.ts": testFile("gamma", [[5, 6], [6]]),
    });
    linkRepoNodeModules(project);
    expect(runHardhat(project, ["build"]).status).to.equal(0);
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  function run(parallel: boolean, out: string, env: NodeJS.ProcessEnv = {}) {
    rmSync(path.join(project, "pids"), { recursive: true, force: true });
    const result = runHardhat(project, ["parallel-report", "--tests", "--no-compile", "--out", out], {
      MOCHA_PARALLEL: parallel ? "1" : "0",
      ...env,
    });
    const pids = readdirSync(path.join(project, "pids")).map((name) => Number(name.split("-").at(-1)));
    return { ...result, pids: new Set(pids) };
  }

  const read = (file: string) => JSON.parse(readFileSync(path.join(project, file), "utf8")) as SuiteReport;

  it("gives the same suite analysis as a serial run, from several worker processes", () => {
    const serial = run(false, "serial.json");
    expect(serial.status, serial.stderr).to.equal(0);
    expect(serial.pids.size).to.equal(1);

    const parallel = run(true, "parallel.json");
    expect(parallel.status, parallel.stderr).to.equal(0);
    expect(parallel.stdout).to.include("7 passing");
    expect(parallel.stderr).to.not.include("running the mocha tests serially");
    expect(parallel.pids.size, "test files ran in several workers").to.be.greaterThan(1);
    expect([...parallel.pids].some((pid) => serial.pids.has(pid))).to.equal(false);

    const a = read("serial.json");
    const b = read("parallel.json");
    expect(b.kind).to.equal("test-suite");
    // Per file, a deployment and a deposit at load time; 3 fixture deployments + 12 deposits, each
    // test from its fixture's snapshot; beta's own chain: a deployment and 2 deposits.
    expect(b.suite.transactions).to.deep.include({ mined: 24, analysed: 17 });
    expect(b.suite).to.deep.equal(a.suite);
  });

  it("records in this process when parallel mode has fewer than 2 jobs (mocha then runs here)", () => {
    const result = run(true, "one-job.json", { MOCHA_JOBS: "1" });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.pids.size).to.equal(1);
    expect(read("one-job.json").suite).to.deep.equal(read("serial.json").suite);
  });

  it("still fails the command (exit 1) when a test fails in a worker", () => {
    const result = run(true, "failing.json", { FAIL_ONE: "1" });
    expect(result.status).to.equal(1);
    expect(result.stdout).to.include("6 passing");
    expect(result.stdout).to.include("1 failing");
    expect(result.stdout).to.include("deliberately failing");
    expect(result.stderr).to.include("The test suite failed (1 failing): exit code 1");
    expect(read("failing.json").suite.transactions).to.deep.include({ mined: 24, analysed: 17 });
  });
});

describe("suite: merging mocha workers' recordings", () => {
  type Chain = WorkerFileRecording["chains"][number];
  const block = (number: number) => ({ number }) as unknown as Chain["blocks"][number];
  const chain = (id: string, numbers: number[]): Chain => ({
    id,
    networkName: "default",
    chainId: 31337,
    hardfork: "prague",
    blocks: numbers.map(block),
  });
  const piece = (
    file: string,
    phase: "load" | "run",
    worker: string,
    sequence: number,
    chains: Chain[],
    firstSeen = chains.map((c) => c.id),
  ): WorkerFileRecording => ({
    file,
    phase,
    worker,
    sequence,
    firstSeen,
    chains,
    untraced: 1,
    errors: [`e${sequence}`],
    captureMs: 2,
  });
  const summary = (chains: Chain[]) =>
    chains.map((c) => [c.id, c.blocks.map((b) => (b as unknown as { number: number }).number)]);

  it("orders chains as a serial run (loaded files first), joins a chain's pieces, ids unique per worker", () => {
    const merged = mergeWorkerRecordings([
      piece("/t/c.ts", "run", "w1", 3, [chain("0", [3]), chain("1", [1, 2])], ["1"]),
      piece("/t/b.ts", "run", "w2", 1, [chain("0", [1])]),
      piece("/t/b.ts", "load", "w2", 0, []),
      piece("/t/a.ts", "run", "w1", 1, [chain("0", [2])], []),
      piece("/t/a.ts", "load", "w1", 0, [chain("0", [1])]),
      piece("/t/c.ts", "load", "w1", 2, [chain("2", [1])]),
    ]);
    expect(summary(merged.chains)).to.deep.equal([
      ["w1/0", [1, 2, 3]], // a.ts, at load
      ["w1/2", [1]], // c.ts, at load
      ["w2/0", [1]], // b.ts, while its tests ran
      ["w1/1", [1, 2]], // c.ts, while its tests ran
    ]);
    expect(merged.untraced).to.equal(6);
    expect(merged.captureMs).to.equal(12);
    expect(merged.errors).to.deep.equal([
      "/t/a.ts: e0",
      "/t/b.ts: e0",
      "/t/c.ts: e2",
      "/t/a.ts: e1",
      "/t/b.ts: e1",
      "/t/c.ts: e3",
    ]);
  });

  it("follows mocha's file order when it is known", () => {
    const merged = mergeWorkerRecordings(
      [piece("/t/a.ts", "run", "w1", 0, [chain("0", [1])]), piece("/t/b.ts", "run", "w2", 0, [chain("0", [1])])],
      ["/t/b.ts", "/t/a.ts"],
    );
    expect(merged.chains.map((c) => c.id)).to.deep.equal(["w2/0", "w1/0"]);
  });

  it("takes from a cumulative recording only what is new since the previous piece", () => {
    const delta = new RecordingDelta();
    const first = chain("0", [1, 2]);
    const one = delta.next({ chains: [first], untraced: 1, errors: ["x"], captureMs: 5 });
    expect(one.chains.map((c) => c.blocks.length)).to.deep.equal([2]);
    expect(one.firstSeen).to.deep.equal(["0"]);
    first.blocks.push(block(3));
    const second = chain("1", []);
    const two = delta.next({ chains: [second, first], untraced: 1, errors: ["x", "y"], captureMs: 7 });
    expect(summary(two.chains)).to.deep.equal([["0", [3]]]);
    expect(two).to.deep.include({ firstSeen: ["1"], untraced: 0, errors: ["y"], captureMs: 2 });
    const three = delta.next({ chains: [second, first], untraced: 1, errors: ["x", "y"], captureMs: 7 });
    expect(three).to.deep.include({ firstSeen: [], chains: [] });
  });
});
