import { Interface } from "ethers";

/** Function signatures of an ABI by selector (`0xa9059cbb` → `transfer(address,uint256)`). */
export function functionSignatures(abi: readonly unknown[]): Record<string, string> {
  const signatures: Record<string, string> = {};
  new Interface(abi as never).forEachFunction((fn) => {
    signatures[fn.selector] = fn.format("sighash");
  });
  return signatures;
}

export function stripHex(hex: string): string {
  return (hex.startsWith("0x") ? hex.slice(2) : hex).toLowerCase();
}

/** Zeroes the given byte ranges of a hex string (no 0x). */
export function maskBytecode(code: string, ranges: Array<{ start: number; length: number }>): string {
  if (ranges.length === 0) return code;
  const chars = code.split("");
  for (const { start, length } of ranges) chars.fill("0", start * 2, (start + length) * 2);
  return chars.join("");
}
