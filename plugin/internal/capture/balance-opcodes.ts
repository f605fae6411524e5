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

const CALLS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL", "CREATE", "CREATE2"]);

/**
 * The accounts among `candidates` whose balance the steps observe explicitly: a BALANCE on the
 * address, or, in a frame running in its context (a CALL/STATICCALL's target; a DELEGATECALL or
 * CALLCODE keeps the caller's), SELFBALANCE, a CALL or CALLCODE with a non-zero value, a CREATE or
 * CREATE2 with a non-zero value, or SELFDESTRUCT (a debit checks or moves the balance). `top` is the
 * transaction's `to` (null for a creation: a new account is never a candidate). The engine marks
 * the same instructions (evm/balance-read-hooks.ts).
 */
export function explicitBalanceReads(
  steps: StructLog[],
  top: string | null,
  candidates: ReadonlySet<string>,
): Set<string> {
  const found = new Set<string>();
  if (steps.length === 0) return found;
  const base = steps[0].depth;
  const contexts: Array<string | null> = [top];
  const word = (step: StructLog, fromTop: number): bigint | undefined => {
    const value = step.stack?.[step.stack.length - 1 - fromTop];
    return value === undefined ? undefined : BigInt(value);
  };
  const asAddress = (value: bigint) => "0x" + (value & ((1n << 160n) - 1n)).toString(16).padStart(40, "0");
  const mark = (address: string | null | undefined) => {
    if (address != null && candidates.has(address)) found.add(address);
  };
  steps.forEach((step, i) => {
    const level = step.depth - base;
    contexts.length = level + 1;
    const context = contexts[level] ?? null;
    const op = step.op;
    if (op === "BALANCE") {
      const target = word(step, 0);
      if (target !== undefined) mark(asAddress(target));
    } else if (op === "SELFBALANCE" || op === "SELFDESTRUCT") {
      mark(context);
    } else if (CALLS.has(op)) {
      const value = op === "CALL" || op === "CALLCODE" ? word(step, 2) : op.startsWith("CREATE") ? word(step, 0) : 0n;
      if (value !== undefined && value !== 0n) mark(context);
      if (steps[i + 1]?.depth === step.depth + 1) {
        const target = word(step, 1);
        contexts[level + 1] =
          op === "CALL" || op === "STATICCALL"
            ? target === undefined
              ? null
              : asAddress(target)
            : op === "DELEGATECALL" || op === "CALLCODE"
              ? context
              : null;
      }
    }
  });
  return found;
}
