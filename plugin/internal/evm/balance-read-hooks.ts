import type { VM } from "@ethereumjs/vm";

/** What the hooks tell the state view (TxStateView). */
export interface BalanceReadSink {
  /** An instruction that observes `address`'s balance is about to run. */
  markBalanceRead(address: string): void;
  /** `address`'s balance now (credits kept as a delta included). */
  balanceNow(address: string): bigint;
}

interface HookRunState {
  stack: { peek(n?: number): bigint[] };
  interpreter: {
    getAddress(): { toString(): string };
    _env?: { address: { toString(): string }; contract?: { balance: bigint } };
  };
}

type Handler = (runState: HookRunState, ...rest: unknown[]) => unknown;
type OpEntry = { opHandler: Handler; gasHandler?: Handler } | undefined;

const addressOfWord = (word: bigint): string => "0x" + (word & ((1n << 160n) - 1n)).toString(16).padStart(40, "0");

/**
 * Marks the balances a transaction observes explicitly (capture rules: a balance only credited by
 * value transfers is not a read; README "Capture rules"). Before the instruction runs:
 * - BALANCE: the address on top of the stack;
 * - SELFBALANCE: the executing address (the storage context: a DELEGATECALL's caller);
 * - CALL and CALLCODE with a non-zero value, CREATE and CREATE2 with a non-zero value, SELFDESTRUCT
 *   (before its gas too, which looks at the balance): the executing address, which is debited (its
 *   balance is checked, or all of it moves).
 * The interpreter keeps the executing account (`_env.contract`) and reads its balance from there:
 * while the account was only credited that balance is the view's sentinel, so a hook on the
 * executing address also sets it to the real balance (equal to what ethereumjs would hold: it
 * reloads the account after every call, create and SSTORE). The trace capture finds the same steps
 * with the struct logger (capture/balance-opcodes.ts).
 */
export function installBalanceReadHooks(vm: VM, sink: BalanceReadSink): void {
  const map = (vm.evm as unknown as { _opcodeMap?: OpEntry[] })._opcodeMap;
  if (map === undefined) return;
  const observe = (runState: HookRunState, address: string) => {
    sink.markBalanceRead(address);
    const env = runState.interpreter._env;
    if (env?.contract !== undefined && env.address.toString() === address)
      env.contract.balance = sink.balanceNow(address);
  };
  const wrap = (opcode: number, mark: (runState: HookRunState) => void, gas = false) => {
    const entry = map[opcode];
    if (entry === undefined) return;
    const original = gas ? entry.gasHandler : entry.opHandler;
    if (original === undefined) return;
    const wrapped: Handler = (runState, ...rest) => {
      mark(runState);
      return original(runState, ...rest);
    };
    if (gas) entry.gasHandler = wrapped;
    else entry.opHandler = wrapped;
  };
  const self = (runState: HookRunState) => observe(runState, runState.interpreter.getAddress().toString());
  wrap(0x31, (runState) => observe(runState, addressOfWord(runState.stack.peek(1)[0])));
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
  wrap(0xff, self, true);
}
