import type { CustomCrypto } from "@ethereumjs/common";

import { createRequire } from "node:module";

import { EthereumJSErrorWithoutCode, calculateSigRecovery, concatBytes, setLengthLeft } from "@ethereumjs/util";

interface NativeSecp256k1 {
  ecdsaRecover(signature: Uint8Array, recid: number, message: Uint8Array, compressed: boolean): Uint8Array;
}

let loaded: NativeSecp256k1 | null | undefined;

/**
 * Sender recovery with libsecp256k1 (the `secp256k1` package's native binding): ~20× faster than
 * the pure-JS default, which otherwise costs more than executing an ERC20 transfer. Undefined when
 * the native binding cannot load (then ethereumjs' own noble-curves recovery is used).
 */
export function nativeEcrecover(): CustomCrypto["ecrecover"] | undefined {
  if (loaded === undefined) {
    try {
      // The binding itself, not the package index (which silently falls back to pure JS).
      loaded = createRequire(import.meta.url)("secp256k1/bindings.js") as NativeSecp256k1;
    } catch {
      loaded = null;
    }
  }
  const secp = loaded;
  if (secp === null) return undefined;
  return (msgHash, v, r, s, chainId) => {
    const recovery = calculateSigRecovery(v, chainId);
    if (recovery !== 0n && recovery !== 1n) throw EthereumJSErrorWithoutCode("Invalid signature v value");
    const signature = concatBytes(setLengthLeft(r, 32), setLengthLeft(s, 32));
    return secp.ecdsaRecover(signature, Number(recovery), msgHash, false).subarray(1);
  };
}
