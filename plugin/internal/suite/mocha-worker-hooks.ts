/**
 * Mocha root-hook module that `parallel-report --tests` adds to mocha's `require` in parallel mode
 * (./mocha-parallel.ts). Each worker process imports it once, before loading its first test file:
 * it attaches a TestSuiteRecorder to this process's network hooks (the same module instance:
 * ../hooks/network.ts imports ./test-suite-recorder.ts too), and for each test file (root hooks run
 * once per file in a worker) writes what it mined while it loaded (root `beforeAll`) and while its
 * tests ran (root `afterAll`) to the recording folder.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";

import { TestSuiteRecorder, attachRecorder } from "./test-suite-recorder.ts";
import { RECORDING_DIR_VARIABLE, RecordingDelta, type WorkerFileRecording } from "./worker-recording.ts";

const dir = process.env[RECORDING_DIR_VARIABLE];
const worker = `${process.pid}-${randomBytes(4).toString("hex")}`;
const recorder = dir === undefined ? undefined : new TestSuiteRecorder();
if (recorder !== undefined) attachRecorder(recorder);
const delta = new RecordingDelta();
let sequence = 0;

interface Runnables {
  file?: string;
  suites?: Runnables[];
  tests?: Runnables[];
}

/** The test file of this mocha instance (a worker's instance has one). */
function fileOf(suite: Runnables | undefined): string | undefined {
  if (suite === undefined) return undefined;
  if (typeof suite.file === "string") return suite.file;
  for (const child of [...(suite.tests ?? []), ...(suite.suites ?? [])]) {
    const file = fileOf(child);
    if (file !== undefined) return file;
  }
  return undefined;
}

type HookContext = { test?: { parent?: Runnables }; timeout(ms: number): void };

/** Writes what was mined since the previous piece (tracing it: the recorder's time, not a test's). */
async function writePiece(context: HookContext, phase: WorkerFileRecording["phase"]): Promise<void> {
  if (recorder === undefined || dir === undefined) return;
  context.timeout(0); // a serial run traces after mocha, out of its timeouts
  const recorded: WorkerFileRecording = {
    file: fileOf(context.test?.parent) ?? "",
    phase,
    worker,
    sequence,
    ...delta.next(await recorder.finish()),
  };
  writeFileSync(path.join(dir, `${worker}-${sequence}.json`), JSON.stringify(recorded));
  sequence += 1;
}

export const mochaHooks = {
  /** The file is loaded, its tests are about to run. */
  async beforeAll(this: HookContext): Promise<void> {
    await writePiece(this, "load");
  },
  async afterAll(this: HookContext): Promise<void> {
    await writePiece(this, "run");
  },
};
