import type { VM } from "@ethereumjs/vm";
import type { CallFrame, CallType } from "../capture/types.ts";

import { bytesToHex } from "@ethereumjs/util";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

interface MessageLike {
  to?: { toString(): string };
  caller: { toString(): string };
  value: bigint;
  data: Uint8Array;
  depth: number;
  isStatic: boolean;
  delegatecall: boolean;
  salt?: Uint8Array;
  _codeAddress?: { toString(): string };
}

interface ResultLike {
  createdAddress?: { toString(): string };
  execResult: { exceptionError?: unknown };
}

interface OpcodeEntry {
  opHandler: (runState: RunStateLike, common: unknown) => unknown;
}

interface RunStateLike {
  stack: { peek(count: number): bigint[] };
  interpreter: { _env: { address: { toString(): string }; contract: { balance: bigint } } };
}

/**
 * A transaction's call frames from the engine, in the shape callTracer gives (capture/call-frames.ts):
 * pre-order, depth 0 the transaction. Frames come from the EVM's `beforeMessage`/`afterMessage`
 * events and, for SELFDESTRUCT, from a wrapper of that opcode's handler on this VM only.
 *
 * A message does not carry its opcode, so the type is read from its fields: no `to` is a CREATE
 * (CREATE2 with a salt), `delegatecall` a DELEGATECALL, a code address other than `to` a
 * CALLCODE, a static message a STATICCALL (a CALL made inside a static frame also counts as one:
 * it can move no value), anything else a CALL. `from` is the calling frame's storage address.
 */
export class CallFrameRecorder {
  private frames: CallFrame[] = [];
  private open: CallFrame[] = [];

  constructor(vm: VM) {
    const events = vm.evm.events as unknown as {
      on(topic: string, listener: (data: unknown) => void): void;
    };
    events.on("beforeMessage", (message) => this.enter(message as MessageLike));
    events.on("afterMessage", (result) => this.leave(result as ResultLike));
    const map = (vm.evm as unknown as { _opcodeMap?: Array<OpcodeEntry | undefined> })._opcodeMap;
    const entry = map?.[0xff];
    if (entry !== undefined) {
      const handler = entry.opHandler;
      entry.opHandler = (runState, common) => {
        this.selfDestruct(runState);
        return handler(runState, common);
      };
    }
  }

  /** Starts a transaction. */
  begin(): void {
    this.frames = [];
    this.open = [];
  }

  /** The frames recorded since `begin`. */
  finish(): CallFrame[] {
    return this.frames;
  }

  private enter(message: MessageLike): void {
    const parent = this.open[this.open.length - 1];
    const type = frameType(message);
    const creates = type === "CREATE" || type === "CREATE2";
    const code = message._codeAddress?.toString();
    const target = creates ? ZERO_ADDRESS : (message.to?.toString() ?? ZERO_ADDRESS);
    const to = type === "DELEGATECALL" || type === "CALLCODE" ? (code ?? target) : target;
    const input = bytesToHex(message.data).toLowerCase();
    const frame: CallFrame = {
      depth: message.depth,
      type,
      from: (parent === undefined ? message.caller.toString() : parent.storageAddress).toLowerCase(),
      to: to.toLowerCase(),
      storageAddress: target.toLowerCase(),
      selector: !creates && input.length >= 10 ? input.slice(0, 10) : null,
      input,
      value: "0x" + message.value.toString(16),
      reverted: parent?.reverted ?? false,
    };
    this.frames.push(frame);
    this.open.push(frame);
  }

  private leave(result: ResultLike): void {
    const frame = this.open.pop();
    if (frame === undefined) return;
    const failed = result.execResult.exceptionError !== undefined;
    if (frame.type === "CREATE" || frame.type === "CREATE2") {
      // A failed creation has no address (callTracer gives none).
      const created = failed ? ZERO_ADDRESS : (result.createdAddress?.toString() ?? ZERO_ADDRESS).toLowerCase();
      frame.to = created;
      frame.storageAddress = created;
    }
    if (failed) {
      // This frame and everything under it reverted.
      const start = this.frames.indexOf(frame);
      for (let i = start; i < this.frames.length; i++) this.frames[i].reverted = true;
    }
  }

  private selfDestruct(runState: RunStateLike): void {
    const parent = this.open[this.open.length - 1];
    const env = runState.interpreter._env;
    const beneficiary = "0x" + runState.stack.peek(1)[0].toString(16).padStart(40, "0");
    this.frames.push({
      depth: (parent?.depth ?? 0) + 1,
      type: "SELFDESTRUCT",
      from: env.address.toString().toLowerCase(),
      to: beneficiary,
      storageAddress: beneficiary,
      selector: null,
      input: "0x",
      value: "0x" + env.contract.balance.toString(16),
      reverted: parent?.reverted ?? false,
    });
  }
}

function frameType(message: MessageLike): CallType {
  if (message.to === undefined) return message.salt === undefined ? "CREATE" : "CREATE2";
  if (message.delegatecall) return "DELEGATECALL";
  const code = message._codeAddress?.toString();
  if (code !== undefined && code !== message.to.toString()) return "CALLCODE";
  return message.isStatic ? "STATICCALL" : "CALL";
}
