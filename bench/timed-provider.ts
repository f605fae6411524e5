import type { Rpc } from "../test/execute/support/rpc.ts";

/** Phase → ms. */
export type Phases = Record<string, number>;

/**
 * A provider that forwards every request and times it, by phase: the time at least one request of
 * a phase is in flight (state reads go out concurrently), so phases never count time twice.
 */
export class TimedProvider implements Rpc {
  readonly phases: Phases = {};
  readonly requests: Record<string, number> = {};
  private readonly inner: Rpc;
  private readonly active = new Map<string, { count: number; since: number }>();
  private mined = false;
  private rpcBeforeMine = 0;
  private rpcActive = 0;
  private rpcSince = 0;
  private start = 0;
  private mineStart = 0;

  constructor(inner: Rpc) {
    this.inner = inner;
  }

  begin(): void {
    this.start = performance.now();
  }

  /** JS time before `evm_mine` outside any request: the engine's own work. */
  engineMs(): number {
    return this.mineStart === 0 ? 0 : this.mineStart - this.start - this.rpcBeforeMine;
  }

  async request(args: { method: string; params?: unknown[] }): Promise<unknown> {
    const phase = this.phaseOf(args.method);
    this.requests[args.method] = (this.requests[args.method] ?? 0) + 1;
    if (args.method === "evm_mine" && !this.mined) this.mineStart = performance.now();
    this.enter(phase);
    try {
      return await this.inner.request(args);
    } finally {
      this.leave(phase);
      if (args.method === "evm_mine") this.mined = true;
    }
  }

  private phaseOf(method: string): string {
    if (method === "evm_mine") return "mine";
    if (method === "debug_traceTransaction") return "trace";
    if (this.mined) return "check";
    if (["eth_getBalance", "eth_getTransactionCount", "eth_getCode", "eth_getStorageAt"].includes(method))
      return "state";
    return "pending";
  }

  private enter(phase: string) {
    const now = performance.now();
    const a = this.active.get(phase) ?? { count: 0, since: now };
    if (a.count++ === 0) a.since = now;
    this.active.set(phase, a);
    if (this.rpcActive++ === 0) this.rpcSince = now;
  }

  private leave(phase: string) {
    const now = performance.now();
    const a = this.active.get(phase)!;
    if (--a.count === 0) this.phases[phase] = (this.phases[phase] ?? 0) + now - a.since;
    if (--this.rpcActive === 0 && !this.mined) this.rpcBeforeMine += now - this.rpcSince;
  }
}
