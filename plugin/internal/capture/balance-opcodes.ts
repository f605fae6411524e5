const BALANCE = 0x31;
const SELFBALANCE = 0x47;
const PUSH1 = 0x60;
const PUSH32 = 0x7f;

const scanned = new Map<string, boolean>();

/** True when the runtime code has a BALANCE or SELFBALANCE instruction (push data skipped). Cached per code. */
export function codeReadsBalances(code: string): boolean {
  let result = scanned.get(code);
  if (result === undefined) {
    result = scanCode(code);
    scanned.set(code, result);
  }
  return result;
}

function scanCode(code: string): boolean {
  const hex = code.startsWith("0x") ? code.slice(2) : code;
  for (let i = 0; i < hex.length; i += 2) {
    const op = parseInt(hex.slice(i, i + 2), 16);
    if (op === BALANCE || op === SELFBALANCE) return true;
    if (op >= PUSH1 && op <= PUSH32) i += (op - PUSH1 + 1) * 2;
  }
  return false;
}

/** One step of EDR's default struct logger (stack top last). */
export interface StructLog {
  op: string;
  stack?: string[];
  depth: number;
}

/**
 * True when a BALANCE step has `address` on top of the stack. (SELFBALANCE by the beneficiary needs
 * its code to run, which a call frame to it already shows.)
 */
export function stepsReadBalanceOf(steps: StructLog[], address: string): boolean {
  const target = BigInt(address);
  return steps.some((step) => {
    if (step.op !== "BALANCE") return false;
    const top = step.stack?.[step.stack.length - 1];
    return top !== undefined && BigInt(top) === target;
  });
}
