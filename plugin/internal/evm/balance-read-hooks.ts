import type { VM } from "@ethereumjs/vm";

/** What the hooks tell: an instruction that observes `address`'s balance is about to run. */
export interface BalanceReadSink {
  markBalanceRead(address: string): void;
}

interface HookRunState {
  stack: { peek(n?: number): bigint[] };
  interpreter: { getAddress(): { toString(): string } };
}

type OpEntry = { opHandler: (runState: HookRunState, common: unknown) => unknown } | undefined;

const addressOfWord = (word: bigint): string => "0x" + (word & ((1n << 160n) - 1n)).toString(16).padStart(40, "0");

/**
 * Marks the balances a transaction observes explicitly (capture rules: a balance only credited by
 * value transfers is not a read; README "Capture rules"). Before the instruction runs:
 * - BALANCE: the address on top of the stack;
 * - SELFBALANCE: the executing address (the storage context: a DELEGATECALL's caller);
 * - CALL and CALLCODE with a non-zero value, CREATE and CREATE2 with a non-zero value, SELFDESTRUCT:
 *   the executing address, which is debited (its balance is checked, or all of it moves).
 * The trace capture finds the same steps with the struct logger (capture/balance-opcodes.ts).
 */
export function installBalanceReadHooks(vm: VM, sink: BalanceReadSink): void {
  const map = (vm.evm as unknown as { _opcodeMap?: OpEntry[] })._opcodeMap;
  if (map === undefined) return;
  const wrap = (opcode: number, mark: (runState: HookRunState) => void) => {
    const entry = map[opcode];
    if (entry === undefined) return;
    const original = entry.opHandler;
    entry.opHandler = (runState, common) => {
      mark(runState);
      return original(runState, common);
    };
  };
  const self = (runState: HookRunState) => sink.markBalanceRead(runState.interpreter.getAddress().toString());
  wrap(0x31, (runState) => sink.markBalanceRead(addressOfWord(runState.stack.peek(1)[0])));
  wrap(0x47, self);
  for (const call of [0xf1, 0xf2]) {
    wrap(call, (runState) => {
      if (runState.stack.peek(3)[2] !== 0n) self(runState);
    });
  }
  for (const create of [0xf0, 0xf5]) {
    wrap(create, (runState) => {
      if (runState.stack.peek(1)[0] !== 0n) self(runState);
    });
  }
  wrap(0xff, self);
}
