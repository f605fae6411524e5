/**
 * Starts Hardhat's CLI of a project as a child process serving JSON-RPC (`hardhat node`, or the
 * plugin's `hardhat parallel-node`), waits for Hardhat's "Started HTTP and WebSocket JSON-RPC
 * server at" line, and stops it again. Every wait is bounded; the child's output is kept (its
 * tail, when it grows large: the node logs every transaction).
 */
import type { ChildProcess } from "node:child_process";

import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

/** Colour codes (Hardhat honours NO_COLOR; EDR's logger may not). */
const ANSI = /\x1b\[[0-9;]*m/g;
const STARTED = /Started HTTP and WebSocket JSON-RPC server at (http:\/\/[^\s]+?)\/?(\s|$)/;
/** Output kept per stream: the first part (start-up) and the last part. */
const HEAD_CHARS = 64 * 1024;
const TAIL_CHARS = 4 * 1024 * 1024;

export interface NodeOutput {
  stdout: string;
  stderr: string;
}

export interface StoppedNode extends NodeOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the node did not exit within the stop timeout and was killed with SIGKILL. */
  killed: boolean;
}

export interface RunningNode {
  /** HTTP JSON-RPC endpoint, e.g. `http://127.0.0.1:8545` (no trailing slash; 0.0.0.0 becomes 127.0.0.1). */
  url: string;
  /** WebSocket JSON-RPC endpoint, same host and port. */
  wsUrl: string;
  pid: number;
  output(): NodeOutput;
  /** Sends `signal`, waits (bounded) for the exit, then SIGKILLs; the message says so. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<StoppedNode>;
}

export interface StartNodeOptions {
  /** Extra environment variables (the inherited `HARDHAT_*` and `HH_TEST` are dropped). */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the "Started …" line. Default 60 s. */
  timeoutMs?: number;
}

/** Keeps the head and the tail of a growing text. */
class Kept {
  head = "";
  tail = "";
  dropped = 0;
  add(chunk: string): void {
    if (this.head.length < HEAD_CHARS) {
      const room = HEAD_CHARS - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    this.tail += chunk;
    if (this.tail.length > TAIL_CHARS * 2) {
      this.dropped += this.tail.length - TAIL_CHARS;
      this.tail = this.tail.slice(-TAIL_CHARS);
    }
  }
  text(): string {
    return this.dropped === 0 ? this.head + this.tail : `${this.head}\n[… ${this.dropped} chars …]\n${this.tail}`;
  }
}

/** Spawns Hardhat's CLI of `dir` with `args` (e.g. `["node", "--port", "0"]`) and waits until it serves. */
export function startNode(dir: string, args: string[], opts: StartNodeOptions = {}): Promise<RunningNode> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("HARDHAT_") && name !== "HH_TEST"),
  );
  const cli = path.join(dir, "node_modules", "hardhat", "dist", "src", "cli.js");
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: dir,
    env: { ...inherited, NO_COLOR: "1", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout = new Kept();
  const stderr = new Kept();
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => stderr.add(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // "close": after the exit and after the output pipes are drained (a crash's stderr is all there).
    child.once("close", (code, signal) => resolve({ code, signal }));
    child.once("error", () => resolve({ code: null, signal: null }));
  });
  const output = (): NodeOutput => ({ stdout: stdout.text(), stderr: stderr.text() });
  const what = `hardhat ${args.join(" ")} in ${dir}`;

  return new Promise<RunningNode>((resolve, reject) => {
    let seen = "";
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const out = output();
      reject(new Error(`${what}: ${why}\n--- stderr ---\n${out.stderr}\n--- stdout ---\n${out.stdout.slice(-4000)}`));
    };
    const timer = setTimeout(() => {
      fail(`no "Started HTTP and WebSocket JSON-RPC server" line within ${timeoutMs} ms`);
      void stopChild(child, exited, "SIGKILL", 5_000);
    }, timeoutMs);
    child.once("error", (error) => fail(`could not start: ${error.message}`));
    void exited.then(({ code, signal }) => fail(`exited before serving (code ${code}, signal ${signal})`));
    child.stdout.on("data", (chunk: string) => {
      stdout.add(chunk);
      if (settled) return;
      seen = (seen + chunk.replace(ANSI, "")).slice(-8192);
      const match = STARTED.exec(seen);
      if (match === null) return;
      settled = true;
      clearTimeout(timer);
      // A node listening on every interface (Hardhat's default inside Docker) is reached on loopback.
      const url = match[1].replace(/\/$/, "").replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, "http://127.0.0.1");
      resolve({
        url,
        wsUrl: url.replace(/^http/, "ws"),
        pid: child.pid ?? -1,
        output,
        stop: async (signal: NodeJS.Signals = "SIGINT", stopTimeoutMs = 30_000) => ({
          ...(await stopChild(child, exited, signal, stopTimeoutMs)),
          ...output(),
        }),
      });
    });
  });
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs)));
  const first = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (first !== "late") return { ...first, killed: false };
  child.kill("SIGKILL");
  const last = await Promise.race([exited, new Promise<"late">((resolve) => setTimeout(() => resolve("late"), 5_000))]);
  const result = last === "late" ? { code: null, signal: null } : last;
  process.stderr.write(`${child.pid}: no exit ${timeoutMs} ms after ${signal}: killed with SIGKILL\n`);
  return { ...result, killed: true };
}

/** A TCP port free right now on `host` (the OS picks it; another process may take it later). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
