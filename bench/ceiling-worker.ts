/** A thread of bench/ceiling.ts: runs the whole block on its own sequential engine, on request. */
import type { CeilingSetup } from "./ceiling.ts";

import { parentPort, workerData } from "node:worker_threads";

import { CodeStore, PreState } from "../plugin/internal/evm/index.ts";
import { SequentialExecutor } from "../plugin/internal/execute/index.ts";

const setup = workerData as CeilingSetup;
const codes = new CodeStore();
for (const [hash, code] of setup.codes) codes.addKnown(hash, code);
const pre = new PreState();
for (const [key, value] of setup.pre) pre.set(key, value);
const job = { env: setup.env, txs: setup.txs, pre, codes };
const executor = await SequentialExecutor.create(setup.chain, job);
parentPort!.on("message", async () => parentPort!.postMessage((await executor.execute(job)).wallMs));
