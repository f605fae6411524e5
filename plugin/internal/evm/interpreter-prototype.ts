import type { Common } from "@ethereumjs/common";

import { createEVM } from "@ethereumjs/evm";

let found: Promise<object | undefined> | undefined;

/**
 * The prototype of ethereumjs' Interpreter class, which the package does not export: a throwaway
 * EVM with one custom opcode hands it over (once per process; every EVM shares it).
 */
export function interpreterPrototype(common: Common): Promise<object | undefined> {
  return (found ??= probe(common));
}

async function probe(common: Common): Promise<object | undefined> {
  let prototype: object | undefined;
  const evm = await createEVM({
    common: common.copy(),
    customOpcodes: [
      {
        opcode: 0x0c,
        opcodeName: "PROBE",
        baseFee: 0,
        logicFunction: (runState: { interpreter: object }) => {
          prototype = Object.getPrototypeOf(runState.interpreter);
        },
      },
    ],
  });
  await evm.runCode({ code: new Uint8Array([0x0c]), gasLimit: 100_000n });
  return prototype;
}
