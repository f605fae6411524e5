import type { Common } from "@ethereumjs/common";

import { EVMError } from "@ethereumjs/evm";

import { interpreterPrototype } from "./interpreter-prototype.ts";

/**
 * The ethereumjs interpreter loop without an `await` per opcode. Its loop awaits `runStep` for
 * every opcode (an async function: a promise and a suspension each time, ~10–15% of a DeFi
 * transaction). Here an opcode with static gas whose handler is synchronous (PUSH, DUP, SWAP,
 * arithmetic, JUMP...: most of them) runs inline, doing what `runStep` does for it: charge its
 * fee, advance the program counter, call the handler. Every other opcode goes through `runStep`
 * as before. Whenever the original loop does more (EOF code, the profiler, step listeners or debug
 * logs, stateless code-chunk witnesses), the original loop runs. Same code otherwise, from
 * @ethereumjs/evm 10.1.3's `Interpreter.run`.
 */
export async function installSyncInterpreter(common: Common): Promise<void> {
  const prototype = (await interpreterPrototype(common)) as InterpreterLike | undefined;
  if (prototype === undefined || patched.has(prototype)) return;
  patched.add(prototype);
  const original = prototype.run;
  prototype.run = function (this: Interpreter, code: Uint8Array, opts: { pc?: number } = {}) {
    const common = this.common;
    if (
      common.isActivatedEIP(3540) ||
      common.isActivatedEIP(6800) ||
      common.isActivatedEIP(7864) ||
      this.profilerOpts?.enabled === true ||
      this._evm.DEBUG ||
      this._evm.events.listenerCount("step") > 0
    ) {
      return original.call(this, code, opts);
    }
    return runLegacy(this, code, opts);
  };
}

const patched = new WeakSet<object>();

async function runLegacy(interpreter: Interpreter, code: Uint8Array, opts: { pc?: number }): Promise<RunResult> {
  const runState = interpreter._runState;
  runState.code = code;
  runState.programCounter = opts.pc ?? runState.programCounter;
  const pc = runState.programCounter;
  if (pc !== 0 && (pc < 0 || pc >= runState.code.length)) {
    throw new Error("Internal error: program counter not in range");
  }
  let err: unknown;
  let cachedOpcodes: OpEntry[] | undefined;
  let doJumpAnalysis = true;
  while (runState.programCounter < runState.code.length) {
    const programCounter = runState.programCounter;
    let opCode: number;
    let opCodeObj: OpEntry | undefined;
    if (doJumpAnalysis) {
      opCode = runState.code[programCounter];
      // Only run the jump destination analysis if `code` contains a JUMP/JUMPI/JUMPSUB opcode.
      if (opCode === 0x56 || opCode === 0x57 || opCode === 0x5e) {
        const { jumps, pushes, opcodesCached } = interpreter._getValidJumpDestinations(runState.code);
        runState.validJumps = jumps;
        runState.cachedPushes = pushes;
        runState.shouldDoJumpAnalysis = false;
        cachedOpcodes = opcodesCached;
        doJumpAnalysis = false;
      }
    } else {
      opCodeObj = cachedOpcodes![programCounter];
      opCode = opCodeObj.opcodeInfo.code;
    }
    runState.opCode = opCode;
    try {
      const entry = opCodeObj ?? interpreter.lookupOpInfo(opCode);
      const info = entry.opcodeInfo;
      if (info.dynamicGas || info.isAsync || info.isInvalid || runState.eip7928PostTargetCallOog !== undefined) {
        await interpreter.runStep(opCodeObj);
      } else {
        interpreter.useGas(info.feeBigInt, info);
        runState.programCounter++;
        entry.opHandler(runState, interpreter.common);
        runState.env.accessWitness?.commit();
      }
    } catch (e) {
      runState.env.accessWitness?.revert();
      // Re-throw non-VM errors; STOP is not an exception.
      if (!(typeof e === "object" && e !== null && "errorType" in e && e.errorType === "EVMError")) throw e;
      if ((e as { error?: string }).error !== EVMError.errorMessages.STOP) err = e;
      break;
    }
  }
  if (err === undefined && runState.eip8037BurnLeftoverAfterCreateHaltOntoAlive === true && runState.gasLeft > 0n) {
    // Consume the leftover and halt this frame (as the original loop does).
    runState.gasLeft = 0n;
    err = new EVMError(EVMError.errorMessages.OUT_OF_GAS);
  }
  return { runState, exceptionError: err };
}

interface OpEntry {
  opcodeInfo: { code: number; feeBigInt: bigint; dynamicGas: boolean; isAsync: boolean; isInvalid: boolean };
  opHandler(runState: RunState, common: unknown): void;
}

interface RunState {
  code: Uint8Array;
  programCounter: number;
  opCode: number;
  gasLeft: bigint;
  validJumps: unknown;
  cachedPushes: unknown;
  shouldDoJumpAnalysis: boolean;
  eip7928PostTargetCallOog?: unknown;
  eip8037BurnLeftoverAfterCreateHaltOntoAlive?: boolean;
  env: { accessWitness?: { commit(): void; revert(): void } };
}

interface RunResult {
  runState: RunState;
  exceptionError: unknown;
}

interface Interpreter {
  _runState: RunState;
  common: { isActivatedEIP(eip: number): boolean };
  profilerOpts?: { enabled?: boolean };
  _evm: { DEBUG: boolean; events: { listenerCount(event: string): number } };
  _getValidJumpDestinations(code: Uint8Array): { jumps: unknown; pushes: unknown; opcodesCached: OpEntry[] };
  lookupOpInfo(op: number): OpEntry;
  runStep(opcodeObj?: OpEntry): Promise<void>;
  useGas(amount: bigint, context?: unknown): void;
}

interface InterpreterLike {
  run(this: Interpreter, code: Uint8Array, opts?: { pc?: number }): Promise<RunResult>;
}
