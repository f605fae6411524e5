/** Hand-made captures with predicted access sets (engine capture), for the analysis and report tests. */
import { codeKey } from "../../plugin/internal/capture/state-key.ts";
import type { CapturedTransaction, CaptureResult, StorageType } from "../../plugin/internal/capture/types.ts";
import {
  address,
  block,
  callInput,
  capture,
  contract,
  frame,
  mappingSlot,
  slot,
  tx,
  value,
} from "./capture-builder.ts";

export const TRANSFER = "0xa9059cbb";
const balanceOfType: Record<string, StorageType> = {
  "t_mapping(t_address,t_uint256)": {
    encoding: "mapping",
    label: "mapping(address => uint256)",
    numberOfBytes: "32",
    key: "t_address",
    value: "t_uint256",
  },
};
export const tokenAt = address(900);
export const token = contract(tokenAt, "Token", {
  functions: { [TRANSFER]: "transfer(address,uint256)" },
  storage: [
    { label: "balanceOf", slot: "0", type: "t_mapping(t_address,t_uint256)", line: 5 },
    { label: "transfers", slot: "1", type: "t_uint256", line: 6 },
  ],
  storageTypes: balanceOfType,
});
export const balanceOf = (holder: string): string => slot(tokenAt, mappingSlot(holder, 0n));

/** The transaction with predicted sets: its own (a perfect prediction) unless given. */
export const predicted = (t: CapturedTransaction, sets?: CapturedTransaction["predicted"]): CapturedTransaction => ({
  ...t,
  predicted: sets ?? { reads: { ...t.reads }, writes: { ...t.writes } },
});

export const registryAt = address(950);
export const hookAt = address(960);
export const poolA = address(801);
export const poolB = address(802);

/**
 * t0: u0 swaps on pool A (writes A.reserve0, A.reserve1); predicted = real.
 * t1: u1 calls Router.swap, which in the block routes through A (t0 moved A's price): reads and writes
 *     A's reserves. Alone on the pre-state it routed through pool B: predicted = B's reserves.
 * t2: u2 swaps on pool B; predicted = real.
 * Real edges: t0 → t1 (A.reserve0, A.reserve1). Predicted edges: t1 → t2 (B.reserve0, B.reserve1).
 * Missed: t0 → t1 (no predicted path from t0 to t1), keys A.reserve0 and A.reserve1, reader Router.swap.
 * False: t1 → t2 (no real path), keys B's reserves, reader Pair.swap.
 * Complete: t0, t2 → 2/3. t1 missed A.reserve0 and A.reserve1 (its sender's keys were predicted).
 */
export function routerCapture(scenario = "router"): CaptureResult {
  const routerAt = address(600);
  const [u0, u1, u2] = [address(1), address(2), address(3)];
  const SWAP = "0x022c0d9f";
  const ROUTE = "0x12345678";
  const pair = (at: string) =>
    contract(at, "Pair", {
      functions: { [SWAP]: "swap(uint256,uint256,address,bytes)" },
      storage: [
        { label: "reserve0", slot: "0", type: "t_uint256", line: 10 },
        { label: "reserve1", slot: "1", type: "t_uint256", line: 11 },
      ],
    });
  const router = contract(routerAt, "Router", { functions: { [ROUTE]: "swap(uint256)" } });
  const reserves = (pool: string, i: number) => ({ [slot(pool, 0)]: value(i), [slot(pool, 1)]: value(i + 10) });
  const swapOn = (from: string, pool: string, i: number) =>
    predicted(tx({ from, to: pool, writes: reserves(pool, i), calls: [frame({ from, to: pool, input: SWAP })] }));
  const routed = tx({
    from: u1,
    to: routerAt,
    writes: reserves(poolA, 1),
    calls: [
      frame({ from: u1, to: routerAt, input: callInput(ROUTE, 7n) }),
      frame({ from: routerAt, to: poolA, input: SWAP, depth: 1 }),
    ],
  });
  const alone = tx({ from: u1, to: routerAt, writes: reserves(poolB, 1) });
  const t1 = predicted(routed, { reads: alone.reads, writes: alone.writes });
  return capture(
    [block([swapOn(u0, poolA, 0), t1, swapOn(u2, poolB, 2)])],
    [pair(poolA), pair(poolB), router],
    scenario,
  );
}

/**
 * Calls i = 1, 2, 3 from s_i to Token.transfer(r_i, 5): each reads Token's code, Registry's slot 3 and code, the
 * ecrecover precompile's code, and writes balanceOf[s_i], balanceOf[r_i] and the counter `transfers` (slot 1).
 * Call 3 also reads Hook's code. A fourth call reverts and is left out. Constant: Token (slot 1; Token itself
 * is the `to`, listed for its slot) and Registry (slot 3); not the sender, the precompile, nor the `to` alone.
 * Varying: balanceOf[msg.sender] (3 keys, 3 calls), balanceOf[arg0] (3 keys, 3 calls), Hook (1 call).
 */
export function transferCallsCapture(scenario = "transfers"): CaptureResult {
  const ecrecover = "0x" + "0".repeat(39) + "1";
  const registry = contract(registryAt, "Registry");
  const hook = contract(hookAt, "Hook");
  const call = (i: number, status: 0 | 1 = 1) => {
    const [from, to] = [address(i), address(100 + i)];
    const t = tx({
      from,
      to: tokenAt,
      reads: {
        [codeKey(tokenAt)]: "0x6000",
        [slot(registryAt, 3)]: "0x1",
        [codeKey(registryAt)]: "0x6000",
        [codeKey(ecrecover)]: "0x",
        ...(i === 3 ? { [codeKey(hookAt)]: "0x6001" } : {}),
      },
      writes:
        status === 0 ? {} : { [balanceOf(from)]: value(1), [balanceOf(to)]: value(2), [slot(tokenAt, 1)]: value(i) },
      calls: [frame({ from, to: tokenAt, input: callInput(TRANSFER, to, 5n) })],
    });
    return predicted({ ...t, status });
  };
  return capture([block([call(1), call(2)], 1), block([call(3), call(4, 0)], 2)], [token, registry, hook], scenario);
}
