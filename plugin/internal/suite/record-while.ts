import type { RecordingResult } from "./test-suite-recorder.ts";

import { TestSuiteRecorder, attachRecorder } from "./test-suite-recorder.ts";

/**
 * Runs `work` with a recorder attached: every block mined on an in-process connection created
 * meanwhile is captured. The recording is finished (and the recorder detached) even when `work`
 * throws; the error is then rethrown as a RecordedError, with the recording.
 */
export async function recordWhile<T>(work: () => Promise<T>): Promise<{ value: T; recording: RecordingResult }> {
  const recorder = new TestSuiteRecorder();
  const detach = attachRecorder(recorder);
  let value: T;
  try {
    value = await work();
  } catch (error) {
    const recording = await finish(recorder, detach);
    throw new RecordedError(error, recording);
  }
  return { value, recording: await finish(recorder, detach) };
}

/** What `work` threw, with what was recorded until then. */
export class RecordedError extends Error {
  readonly error: unknown;
  readonly recording: RecordingResult;

  constructor(error: unknown, recording: RecordingResult) {
    super(error instanceof Error ? error.message : String(error));
    this.error = error;
    this.recording = recording;
  }
}

async function finish(recorder: TestSuiteRecorder, detach: () => void): Promise<RecordingResult> {
  try {
    return await recorder.finish();
  } finally {
    detach();
  }
}
