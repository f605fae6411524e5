/** A helper of the AMM examples (not a scenario: files starting with `_` are skipped). */

/** `Pair.getAmountOut` computed off-chain: constant product with a 0.3% fee on the input. */
export const amountOut = (amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint =>
  (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);
