import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";

/** What mines a block: the block-production stage (../produce/), or parallel-node's miner around it. */
export interface BlockMaker {
  /**
   * Mines the pending transactions into one block; may return how many are pending in the mempool
   * after it (a block full to its gas limit leaves the rest for the next), which counts those sent
   * since `opened` too. It calls `opened` once the network takes new transactions again without
   * changing the block (right after EDR mined it).
   */
  mine(opened: () => void): Promise<number | void>;
  /** The network's state changed by other means than the blocks mined here. */
  invalidate(): void;
  /**
   * A transaction the network accepted (its hash, and the signed transaction of an
   * eth_sendRawTransaction): its place in the mempool; a node that mines on its own waits for it.
   */
  noteSent?(hash: string, raw?: string): void;
  /** The network's clock was moved (evm_increaseTime, evm_setNextBlockTimestamp). */
  timeChanged?(): void;
}

/** Gas limit and fees given to an `eth_sendTransaction` that names none. */
export interface SendDefaults {
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

const SEND_METHODS = new Set(["eth_sendTransaction", "eth_sendRawTransaction"]);
/** Hardhat methods that change no state (everything else under hardhat_ / evm_ may). */
const STATELESS = new Set(["evm_setAutomine", "evm_snapshot", "evm_increaseTime", "evm_setNextBlockTimestamp"]);

/**
 * Controls block production of one network connection while a workload runs (automine off):
 * every `blockSize` accepted transactions it mines a block through the block-production stage
 * (../produce/), which runs it on the engine before EDR mines it; `mine()` ends a block early, and
 * so does a user's `evm_mine`. It also gives `eth_sendTransaction` an explicit gas limit and fees
 * when the sender left them out, so nothing is estimated against the pending block (fee history
 * re-runs it on every send). Sends that arrive while a block is being produced wait for it; other
 * Hardhat methods that may change state (`hardhat_setBalance`, `evm_revert`, ...) make the stage
 * fetch the head state afresh. The network hook routes requests here.
 *
 * Sends reach the network one at a time, in the order they came: EDR answers concurrent requests in
 * an order of its own, so with two sends in flight the order noted here (`noteSent`, the mempool
 * order the next block is picked in) could differ from the order EDR accepted them in. A block
 * starts once the send in flight has been answered and noted.
 */
export class BlockProducer {
  readonly #production: BlockMaker;
  /** Pending transactions that make a block (parallel-node changes it: automine is 1). */
  blockSize: number;
  readonly #defaults: Record<string, string> | undefined;
  #pending = 0;
  #sent = 0;
  #mined = 0;
  #openedAt = performance.now();
  #onProgress: (sent: number, blocks: number) => void;
  #mining: Promise<void> | undefined;
  /** Closed to sends from the start of a block's production until EDR has mined it. */
  #gate: Promise<void> | undefined;
  /** The sends in order: each one is forwarded once the one before it was answered (and noted). */
  #sends: Promise<unknown> = Promise.resolve();
  /** The send forwarded to the network and not answered yet, if any. */
  #inFlight: Promise<unknown> | undefined;

  constructor(
    production: BlockMaker,
    blockSize: number,
    defaults: SendDefaults | undefined,
    onProgress: (sent: number, blocks: number) => void = () => {},
  ) {
    this.#production = production;
    this.blockSize = blockSize;
    const hex = (value: bigint) => "0x" + value.toString(16);
    this.#defaults =
      defaults === undefined
        ? undefined
        : {
            gas: hex(defaults.gasLimit),
            maxFeePerGas: hex(defaults.maxFeePerGas),
            maxPriorityFeePerGas: hex(defaults.maxPriorityFeePerGas),
          };
    this.#onProgress = onProgress;
  }

  get blocksMined(): number {
    return this.#mined;
  }

  /** Transactions accepted and not mined yet. */
  get pending(): number {
    return this.#pending;
  }

  /** When the last block was mined and sends reopened (performance.now(); construction before any). */
  get openedAt(): number {
    return this.#openedAt;
  }

  /** The block being produced, if any (settles when it is mined). */
  get mining(): Promise<void> | undefined {
    return this.#mining;
  }

  async handle(
    request: JsonRpcRequest,
    forward: (request: JsonRpcRequest) => Promise<JsonRpcResponse>,
  ): Promise<JsonRpcResponse> {
    if (this.#mining !== undefined) {
      // The stage's own requests pass; a send waits until the block being produced is mined.
      if (!SEND_METHODS.has(request.method)) return forward(request);
      await this.#gate;
    }
    if (request.method === "evm_mine") {
      const [timestamp] = (request.params ?? []) as unknown[];
      if (timestamp !== undefined) {
        await forward({ ...request, method: "evm_setNextBlockTimestamp", params: [timestamp] });
        this.#production.timeChanged?.();
      }
      await this.mine(true);
      return { jsonrpc: "2.0", id: request.id, result: "0x0" };
    }
    if (!SEND_METHODS.has(request.method)) {
      if (/^(hardhat|evm)_/.test(request.method) && !STATELESS.has(request.method)) this.#production.invalidate();
      if (request.method === "evm_increaseTime" || request.method === "evm_setNextBlockTimestamp") {
        this.#production.timeChanged?.();
      }
      return forward(request);
    }
    const response = await this.#send(request, forward);
    if (!("error" in response) || response.error === undefined) {
      this.#pending++;
      this.#sent++;
      this.#onProgress(this.#sent, this.#mined);
      if (this.#pending >= this.blockSize) await this.mine();
    }
    return response;
  }

  /** Forwards a send after the ones before it, once no block is being produced, and notes it when accepted. */
  #send(request: JsonRpcRequest, forward: (request: JsonRpcRequest) => Promise<JsonRpcResponse>) {
    const step = this.#sends.then(async () => {
      while (this.#gate !== undefined) await this.#gate;
      const answered = (async () => {
        const response = await forward(this.#withGas(request));
        if ("error" in response && response.error !== undefined) return response;
        const hash = (response as { result?: unknown }).result;
        const [raw] = request.method === "eth_sendRawTransaction" ? ((request.params ?? []) as unknown[]) : [];
        if (typeof hash === "string") this.#production.noteSent?.(hash, typeof raw === "string" ? raw : undefined);
        return response;
      })();
      this.#inFlight = answered;
      try {
        return await answered;
      } finally {
        this.#inFlight = undefined;
      }
    });
    this.#sends = step.catch(() => {});
    return step;
  }

  /** Mines every pending transaction into one block (no-op when none is pending, unless `always`). */
  async mine(always = false): Promise<void> {
    // One block at a time (parallel-node's timer may ask while a block is being produced).
    while (this.#mining !== undefined) await this.#mining.catch(() => {});
    if (this.#pending === 0 && !always) return;
    this.#pending = 0;
    // Set before the stage starts: its first request can reach `handle` synchronously.
    let done!: () => void;
    let open!: () => void;
    this.#mining = new Promise<void>((resolve) => (done = resolve));
    this.#gate = new Promise<void>((resolve) => (open = resolve));
    const opened = () => {
      if (this.#gate !== undefined) this.#openedAt = performance.now();
      this.#gate = undefined;
      open();
    };
    try {
      // A send already forwarded is in the mempool the block is picked from, noted first.
      await this.#inFlight?.catch(() => {});
      const left = await this.#production.mine(opened);
      // Sends answered since `opened` are counted here already, and in `left` too.
      if (typeof left === "number") this.#pending = Math.max(this.#pending, left);
    } finally {
      opened();
      done();
      this.#mining = undefined;
    }
    this.#mined++;
    this.#onProgress(this.#sent, this.#mined);
  }

  #withGas(request: JsonRpcRequest): JsonRpcRequest {
    if (this.#defaults === undefined) return request;
    if (request.method !== "eth_sendTransaction" || !Array.isArray(request.params)) return request;
    const [tx, ...rest] = request.params as Array<Record<string, unknown>>;
    if (tx === undefined) return request;
    const hasFees = tx.gasPrice !== undefined || tx.maxFeePerGas !== undefined;
    const filled = {
      ...tx,
      gas: tx.gas ?? this.#defaults.gas,
      ...(hasFees
        ? {}
        : { maxFeePerGas: this.#defaults.maxFeePerGas, maxPriorityFeePerGas: this.#defaults.maxPriorityFeePerGas }),
    };
    return { ...request, params: [filled, ...rest] };
  }
}

/** What takes a connection's requests: a workload's BlockProducer, or parallel-node's router. */
export interface ConnectionHandler {
  handle(
    request: JsonRpcRequest,
    forward: (request: JsonRpcRequest) => Promise<JsonRpcResponse>,
  ): Promise<JsonRpcResponse>;
}

const producers = new Map<number, ConnectionHandler>();

/** The handler in charge of a connection, if a workload (or parallel-node) runs on it. */
export function producerFor(connectionId: number): ConnectionHandler | undefined {
  return producers.get(connectionId);
}

export function attachProducer(connectionId: number, producer: ConnectionHandler): () => void {
  producers.set(connectionId, producer);
  return () => producers.delete(connectionId);
}
