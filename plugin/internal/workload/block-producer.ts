import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
import type { Eip1193Provider } from "../rpc/index.ts";

const SEND_METHODS = new Set(["eth_sendTransaction", "eth_sendRawTransaction"]);

/**
 * Controls block production of one network connection while a workload runs (automine off):
 * every `blockSize` accepted transactions it mines a block with `evm_mine`; `mine()` ends a block
 * early. It also gives `eth_sendTransaction` an explicit gas limit and fees when the sender left
 * them out, so nothing is estimated against the pending block (fee history re-runs it on every
 * send). The network hook routes requests here.
 */
export class BlockProducer {
  readonly #provider: Eip1193Provider;
  readonly #blockSize: number;
  readonly #defaults: Record<string, string>;
  #pending = 0;
  #sent = 0;
  #mined = 0;
  #onProgress: (sent: number, blocks: number) => void;

  constructor(
    provider: Eip1193Provider,
    blockSize: number,
    defaults: { gasLimit: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
    onProgress: (sent: number, blocks: number) => void = () => {},
  ) {
    this.#provider = provider;
    this.#blockSize = blockSize;
    const hex = (value: bigint) => "0x" + value.toString(16);
    this.#defaults = {
      gas: hex(defaults.gasLimit),
      maxFeePerGas: hex(defaults.maxFeePerGas),
      maxPriorityFeePerGas: hex(defaults.maxPriorityFeePerGas),
    };
    this.#onProgress = onProgress;
  }

  get blocksMined(): number {
    return this.#mined;
  }

  async handle(
    request: JsonRpcRequest,
    forward: (request: JsonRpcRequest) => Promise<JsonRpcResponse>,
  ): Promise<JsonRpcResponse> {
    if (!SEND_METHODS.has(request.method)) return forward(request);
    const response = await forward(this.#withGas(request));
    if (!("error" in response) || response.error === undefined) {
      this.#pending++;
      this.#sent++;
      this.#onProgress(this.#sent, this.#mined);
      if (this.#pending >= this.#blockSize) await this.mine();
    }
    return response;
  }

  /** Mines every pending transaction into one block (no-op when none is pending). */
  async mine(): Promise<void> {
    if (this.#pending === 0) return;
    this.#pending = 0;
    await this.#provider.request({ method: "evm_mine" });
    this.#mined++;
    this.#onProgress(this.#sent, this.#mined);
  }

  #withGas(request: JsonRpcRequest): JsonRpcRequest {
    if (request.method !== "eth_sendTransaction" || !Array.isArray(request.params)) return request;
    const [tx, ...rest] = request.params as Array<Record<string, unknown>>;
    if (tx === undefined) return request;
    const hasFees = tx.gasPrice !== undefined || tx.maxFeePerGas !== undefined;
    const filled = {
      ...tx,
      gas: tx.gas ?? this.#defaults.gas,
      ...(hasFees ? {} : { maxFeePerGas: this.#defaults.maxFeePerGas, maxPriorityFeePerGas: this.#defaults.maxPriorityFeePerGas }),
    };
    return { ...request, params: [filled, ...rest] };
  }
}

const producers = new Map<number, BlockProducer>();

/** The block producer in charge of a connection, if a workload is running on it. */
export function producerFor(connectionId: number): BlockProducer | undefined {
  return producers.get(connectionId);
}

export function attachProducer(connectionId: number, producer: BlockProducer): () => void {
  producers.set(connectionId, producer);
  return () => producers.delete(connectionId);
}
