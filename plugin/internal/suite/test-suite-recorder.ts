import type { NetworkConfig } from "hardhat/types/config";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";

import { latestBlockNumber } from "../capture/capture-blocks.ts";
import { ConnectionRecording, type RecordedChain } from "./connection-recording.ts";
import { type Forward, forwardingProvider } from "./forwarding-provider.ts";

/** After these, blocks mined so far are gone from the chain: capture them first. */
const REWINDING = new Set(["evm_revert", "hardhat_reset"]);
/** State edits between blocks: capture first, so no trace ever replays a block on edited state. */
const STATE_EDITS = new Set(["hardhat_setStorageAt", "hardhat_setBalance", "hardhat_setCode", "hardhat_setNonce"]);

/** The part of a network connection the recorder looks at. */
export interface WatchedConnection {
  id: number;
  networkName: string;
  networkConfig: Readonly<NetworkConfig>;
}

export interface RecordingResult {
  chains: RecordedChain[];
  /** Transactions mined in blocks that could not be traced. */
  untraced: number;
  errors: string[];
  /** Time spent tracing, in milliseconds (inside the test run and after it). */
  captureMs: number;
}

/**
 * Records what a test suite mines on every in-process (EDR) connection opened while it runs. It only
 * watches requests; each block is traced once it would otherwise be lost, and the rest in `finish()`.
 * Requests are never changed, delayed only by those captures, and their results and errors are the
 * network's own.
 */
export class TestSuiteRecorder {
  readonly #recordings = new Map<
    number,
    { recording: Promise<ConnectionRecording>; forward: Forward; ready: boolean }
  >();
  /** Recordings of connections closed during the run (fully captured). */
  readonly #closed: ConnectionRecording[] = [];

  async handle(connection: WatchedConnection, request: JsonRpcRequest, forward: Forward): Promise<JsonRpcResponse> {
    if (connection.networkConfig.type !== "edr-simulated") return forward(request);
    const watched = REWINDING.has(request.method) || STATE_EDITS.has(request.method);
    const known = this.#recordings.get(connection.id);
    if (!watched && known?.ready === true) {
      // The common case, kept free of awaits: node:test tracks every promise (async hooks).
      known.forward = forward;
      return forward(request);
    }
    let recording: ConnectionRecording;
    try {
      recording = await this.#recordingOf(connection, forward);
    } catch {
      return forward(request); // the connection is unusable: let the request report it
    }
    if (!watched) return forward(request);
    await recording.capture();
    const response = await forward(request);
    if (REWINDING.has(request.method)) await recording.rewound(request.method === "hardhat_reset");
    return response;
  }

  /** Called before a connection closes: its chain disappears with it. */
  async beforeClose(connection: WatchedConnection): Promise<void> {
    const entry = this.#recordings.get(connection.id);
    if (entry === undefined) return;
    this.#recordings.delete(connection.id);
    const recording = await entry.recording.catch(() => undefined);
    if (recording === undefined) return;
    await recording.capture();
    this.#closed.push(recording);
  }

  /** Captures what is left on every connection and returns everything recorded. */
  async finish(): Promise<RecordingResult> {
    const open = await Promise.allSettled([...this.#recordings.values()].map((entry) => entry.recording));
    const recordings = [...this.#closed];
    for (const settled of open) {
      if (settled.status !== "fulfilled") continue;
      await settled.value.capture();
      recordings.push(settled.value);
    }
    return {
      chains: recordings.flatMap((recording) => recording.chains),
      untraced: recordings.reduce((sum, recording) => sum + recording.untraced, 0),
      errors: recordings.flatMap((recording) => recording.errors),
      captureMs: recordings.reduce((sum, recording) => sum + recording.captureMs, 0),
    };
  }

  #recordingOf(connection: WatchedConnection, forward: Forward): Promise<ConnectionRecording> {
    const known = this.#recordings.get(connection.id);
    if (known !== undefined) {
      known.forward = forward;
      return known.recording;
    }
    const config = connection.networkConfig as { chainId?: number; hardfork?: string };
    const entry = { forward, recording: undefined as unknown as Promise<ConnectionRecording>, ready: false };
    const provider = forwardingProvider(() => entry.forward);
    entry.recording = latestBlockNumber(provider).then((head) => {
      entry.ready = true;
      return new ConnectionRecording(
        provider,
        {
          id: connection.id,
          networkName: connection.networkName,
          chainId: config.chainId ?? 0,
          hardfork: String(config.hardfork ?? ""),
        },
        head + 1,
      );
    });
    this.#recordings.set(connection.id, entry);
    return entry.recording;
  }
}

let recorder: TestSuiteRecorder | undefined;

/** The recorder watching the network while a test suite runs, if any. */
export function recorderInCharge(): TestSuiteRecorder | undefined {
  return recorder;
}

export function attachRecorder(attached: TestSuiteRecorder): () => void {
  recorder = attached;
  return () => {
    if (recorder === attached) recorder = undefined;
  };
}
