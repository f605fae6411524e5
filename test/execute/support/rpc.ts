import type { Eip1193Provider } from "../../../plugin/internal/rpc/index.ts";

/** The EIP-1193 surface the test support uses: the plugin's one provider type. */
export type Rpc = Eip1193Provider;

export const hex = (n: number | bigint): string => "0x" + n.toString(16);

export async function call<T>(rpc: Rpc, method: string, ...params: unknown[]): Promise<T> {
  try {
    return (await rpc.request({ method, params })) as T;
  } catch (error) {
    (error as Error).message += ` (${method} ${JSON.stringify(params).slice(0, 300)})`;
    throw error;
  }
}

export interface Receipt {
  status: string;
  contractAddress: string | null;
  gasUsed: string;
  blockNumber: string;
}

/** Sends a transaction with automine on and returns its receipt. */
export async function sendMined(
  rpc: Rpc,
  tx: { from: string; to?: string; data?: string; value?: bigint; gas?: number },
): Promise<Receipt> {
  const hash = await call<string>(rpc, "eth_sendTransaction", {
    from: tx.from,
    to: tx.to,
    data: tx.data ?? "0x",
    value: hex(tx.value ?? 0n),
    gas: hex(tx.gas ?? 5_000_000),
  });
  const receipt = await call<Receipt>(rpc, "eth_getTransactionReceipt", hash);
  if (receipt.status !== "0x1") throw new Error(`set-up transaction failed: ${JSON.stringify(tx).slice(0, 200)}`);
  return receipt;
}
