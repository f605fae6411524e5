import type { CallFrame } from "../capture/types.ts";
import type { ContractDirectory } from "./contract-directory.ts";

export interface FunctionIdentity {
  /**
   * "Contract.signature", "Contract.0x12345678", "Contract.<receive>", "Contract.<fallback>",
   * "Contract.<constructor>".
   */
  name: string;
  contract: string;
  selector: string | null;
  signature: string | null;
}

/** The function a call frame runs: it belongs to the contract of the frame's `to`; null for EOAs and SELFDESTRUCT. */
export function functionOfFrame(frame: CallFrame, directory: ContractDirectory): FunctionIdentity | null {
  if (frame.type === "SELFDESTRUCT") return null;
  const contract = directory.groupOf(frame.to);
  if (contract === null) return null;
  if (frame.type === "CREATE" || frame.type === "CREATE2") {
    return { name: `${contract}.<constructor>`, contract, selector: null, signature: null };
  }
  if (frame.selector === null) {
    const special = frame.input === "0x" || frame.input === "" ? "<receive>" : "<fallback>";
    return { name: `${contract}.${special}`, contract, selector: null, signature: null };
  }
  const signature = directory.metadataOf(frame.to)?.functions[frame.selector] ?? null;
  return { name: `${contract}.${signature ?? frame.selector}`, contract, selector: frame.selector, signature };
}
