import type { CallFrame, CallType } from "./types.ts";

import { toValueHex } from "./state-key.ts";

/** A frame as EDR's callTracer prints it. */
export interface CallTrace {
  type: string;
  from: string;
  to?: string;
  input?: string;
  value?: string;
  error?: string;
  calls?: CallTrace[];
}

/** Flattens a callTracer tree into pre-order frames; a frame under a reverted one is reverted too. */
export function flattenCallTrace(root: CallTrace): CallFrame[] {
  const frames: CallFrame[] = [];
  const visit = (trace: CallTrace, depth: number, parentReverted: boolean) => {
    const type = trace.type.toUpperCase() as CallType;
    const from = trace.from.toLowerCase();
    const to = (trace.to ?? "0x0000000000000000000000000000000000000000").toLowerCase();
    const input = (trace.input ?? "0x").toLowerCase();
    const reverted = parentReverted || trace.error !== undefined;
    const createsCode = type === "CREATE" || type === "CREATE2";
    frames.push({
      depth,
      type,
      from,
      to,
      storageAddress: type === "DELEGATECALL" || type === "CALLCODE" ? from : to,
      selector: !createsCode && input.length >= 10 ? input.slice(0, 10) : null,
      input,
      value: toValueHex(trace.value ?? "0x0"),
      reverted,
    });
    for (const child of trace.calls ?? []) visit(child, depth + 1, reverted);
  };
  visit(root, 0, false);
  return frames;
}
