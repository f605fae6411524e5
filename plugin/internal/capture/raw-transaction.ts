import { Signature, Transaction } from "ethers";

/** A transaction as eth_getTransactionByHash returns it. */
export interface RpcTransaction {
  hash: string;
  type: string;
  chainId?: string;
  nonce: string;
  from: string;
  to: string | null;
  value: string;
  gas: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  input: string;
  accessList?: Array<{ address: string; storageKeys: string[] }>;
  v: string;
  r: string;
  s: string;
  yParity?: string;
  transactionIndex: string;
}

/**
 * Re-serialises a signed transaction from its JSON-RPC form (EDR has no eth_getRawTransactionByHash)
 * and checks that the result hashes to the transaction's hash.
 */
export function rawTransaction(tx: RpcTransaction): string {
  const type = Number(tx.type);
  const rebuilt = Transaction.from({
    type,
    chainId: tx.chainId === undefined ? undefined : BigInt(tx.chainId),
    nonce: Number(tx.nonce),
    to: tx.to,
    value: BigInt(tx.value),
    gasLimit: BigInt(tx.gas),
    data: tx.input,
    ...(type >= 2
      ? { maxFeePerGas: BigInt(tx.maxFeePerGas!), maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas!) }
      : { gasPrice: BigInt(tx.gasPrice!) }),
    ...(type >= 1 ? { accessList: tx.accessList ?? [] } : {}),
    signature: Signature.from({
      r: tx.r,
      s: tx.s,
      // Typed transactions carry the y-parity (0/1) in v; legacy ones 27/28 or EIP-155 values.
      v: type >= 1 ? 27 + Number(tx.yParity ?? tx.v) : BigInt(tx.v),
    }),
  });
  if (rebuilt.hash !== tx.hash) {
    throw new Error(`could not re-serialise transaction ${tx.hash} (type ${type}): hash mismatch`);
  }
  return rebuilt.serialized;
}
