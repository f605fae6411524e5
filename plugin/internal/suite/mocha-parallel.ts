import type { HardhatHooks } from "hardhat/types/hooks";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { RecordingResult } from "./test-suite-recorder.ts";

import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { workerEntry } from "../worker-threads.ts";
import { RECORDING_DIR_VARIABLE, type WorkerFileRecording, mergeWorkerRecordings } from "./worker-recording.ts";

/** The root-hook module next to this file: `.ts` when running from source, `.js` from dist/. */
const WORKER_HOOKS = workerEntry("mocha-worker-hooks", import.meta.url);

/** The options of hardhat-mocha's `test.mocha` config this module reads and changes. */
interface MochaOptions {
  parallel?: boolean;
  jobs?: number;
  require?: string[];
}

/** The recording of a mocha run in parallel mode, made by its worker processes. */
export interface MochaWorkerRecording {
  /** After the run: what every worker recorded, merged (the folder is removed). */
  collect(): Promise<RecordingResult>;
  /**
   * Connections of this process made while hardhat-mocha loaded the test files here (in parallel
   * mode it imports them in the main process too, before handing them to the workers): what their
   * top-level code mines is the workers' to record.
   */
  loadedHere: ReadonlySet<number>;
}

/**
 * Mocha's parallel mode runs the test files in worker processes, each with its own HRE and network
 * hooks: when it is on, each worker records its own files (./mocha-worker-hooks.ts, added to mocha's
 * `require`, which hardhat-mocha hands to the workers) into a temporary folder, and `collect()` merges
 * them as a serial run would have recorded them. Returns undefined when parallel mode is off (then
 * the recorder of this process sees everything).
 */
export function recordInMochaWorkers(hre: HardhatRuntimeEnvironment): MochaWorkerRecording | undefined {
  const mocha = (hre.config as { test?: { mocha?: MochaOptions } }).test?.mocha;
  // Mocha runs in this process when it is given fewer than 2 jobs, parallel or not.
  if (mocha?.parallel !== true || (mocha.jobs !== undefined && mocha.jobs < 2)) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), "hardhat-parallel-workers-"));
  const previous = process.env[RECORDING_DIR_VARIABLE];
  process.env[RECORDING_DIR_VARIABLE] = dir; // the workers inherit it
  process.once("exit", () => rmSync(dir, { recursive: true, force: true })); // when a runner throws
  mocha.require = [...(mocha.require ?? []), WORKER_HOOKS.href];
  // hardhat-mocha loads the files after any runner before it is done and before its onTestRunStart.
  const loadedHere = new Set<number>();
  let loading = true;
  let mochaRan = false;
  const network: Partial<HardhatHooks["network"]> = {
    newConnection: async (context, next) => {
      const connection = await next(context);
      if (loading) loadedHere.add(connection.id);
      return connection;
    },
  };
  const test: Partial<HardhatHooks["test"]> = {
    onTestRunStart: async (context, id, next) => {
      loading = false;
      if (id === "mocha") mochaRan = true;
      return next(context, id);
    },
    onTestRunDone: async (context, id, next) => {
      if (id !== "mocha") loading = true;
      return next(context, id);
    },
  };
  hre.hooks.registerHandlers("network", network);
  hre.hooks.registerHandlers("test", test);
  const files = watchMochaFiles(hre.config.paths.root);
  return {
    loadedHere,
    async collect() {
      hre.hooks.unregisterHandlers("network", network);
      hre.hooks.unregisterHandlers("test", test);
      files.restore();
      if (previous === undefined) delete process.env[RECORDING_DIR_VARIABLE];
      else process.env[RECORDING_DIR_VARIABLE] = previous;
      mocha.require = mocha.require?.filter((required) => required !== WORKER_HOOKS.href);
      try {
        const names = (await readdir(dir)).filter((name) => name.endsWith(".json"));
        const pieces = await Promise.all(
          names.map(async (name) => JSON.parse(await readFile(path.join(dir, name), "utf8")) as WorkerFileRecording),
        );
        const merged = mergeWorkerRecordings(pieces, files.order());
        if (mochaRan && pieces.length === 0) merged.errors.push("mocha's parallel workers: none sent a recording");
        return merged;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

interface MochaClass {
  prototype: { run: (this: { files: string[] }, ...args: unknown[]) => unknown };
}

/**
 * Mocha's file order in this run (a serial run takes the files in it; in parallel mode its workers
 * get them in it): `Mocha#run` of the mocha that hardhat-mocha uses is watched for its `files` until
 * `restore()`. Empty when that mocha cannot be found (the merge then orders the files by path).
 */
function watchMochaFiles(root: string): { order(): string[]; restore(): void } {
  let Mocha: MochaClass | undefined;
  for (const from of [path.join(root, "package.json"), import.meta.url]) {
    try {
      const hardhatMocha = createRequire(from).resolve("@nomicfoundation/hardhat-mocha");
      Mocha = createRequire(hardhatMocha)("mocha") as MochaClass;
      break;
    } catch {
      // not installed where this looks
    }
  }
  if (typeof Mocha?.prototype?.run !== "function") return { order: () => [], restore: () => {} };
  const prototype = Mocha.prototype;
  const run = prototype.run;
  let files: string[] = [];
  prototype.run = function (this: { files: string[] }, ...args: unknown[]) {
    files = [...(this.files ?? [])];
    return run.apply(this, args);
  };
  return {
    order: () => files,
    restore: () => {
      prototype.run = run;
    },
  };
}

/**
 * The recording of this process (other runners; not mocha's own loading of the test files here)
 * followed by the workers' (none when `workers` is undefined).
 */
export async function withWorkerRecording(
  recording: RecordingResult,
  workers: MochaWorkerRecording | undefined,
): Promise<RecordingResult> {
  if (workers === undefined) return recording;
  const recorded = await workers.collect();
  const here = recording.chains.filter((chain) => !workers.loadedHere.has(Number(chain.id.split(".")[0])));
  return {
    chains: [...here, ...recorded.chains],
    untraced: recording.untraced + recorded.untraced,
    errors: [...recording.errors, ...recorded.errors],
    captureMs: recording.captureMs + recorded.captureMs,
  };
}
