import type { FuzzWorld } from "./fuzz-world.ts";
import type { Random } from "./random.ts";

import { abi, childInitCode, mine } from "./fuzz-world.ts";
import { call, hex } from "./rpc.ts";

const GWEI = 10n ** 9n;

/** One transaction request for eth_sendTransaction (the network's unlocked account signs it). */
interface TxRequest {
  from: string;
  to?: string;
  data?: string;
  value?: bigint;
  gas: number;
}

type Make = (world: FuzzWorld, random: Random, from: string) => TxRequest;

/** A transaction kind: its name, its weight in the mix, and how to make one. */
type KindSpec = [kind: string, weight: number, make: Make];

const amount = (random: Random) => BigInt(random.int(1000) + 1) * 10n ** 18n;

/** The transaction kinds of a random block, with their weights. */
const KINDS: KindSpec[] = [
  [
    "erc20-transfer",
    14,
    (w, r, from) => ({
      from,
      to: r.pick(w.tokens),
      gas: 120_000,
      data: abi.token.encodeFunctionData("transfer", [
        r.chance(0.7) ? r.pick(w.accounts) : r.freshAddress(),
        amount(r),
      ]),
    }),
  ],
  [
    "erc20-transfer-too-much",
    3,
    (w, r, from) => ({
      from,
      to: r.pick(w.tokens),
      gas: 120_000,
      data: abi.token.encodeFunctionData("transfer", [r.pick(w.accounts), 10n ** 30n]),
    }),
  ],
  ["swap-hot-pool", 8, (w, r, from) => swap(w, r, from, w.pools[0])],
  ["swap-any-pool", 8, (w, r, from) => swap(w, r, from, r.pick(w.pools))],
  [
    "swap-slippage",
    2,
    (w, r, from) => ({
      ...swap(w, r, from, r.pick(w.pools)),
      data: abi.pool.encodeFunctionData("swap", [r.chance(0.5), amount(r), 10n ** 30n]),
    }),
  ],
  [
    "lend-deposit",
    4,
    (w, r, from) => ({ from, to: w.lender, gas: 200_000, data: abi.lender.encodeFunctionData("deposit", [amount(r)]) }),
  ],
  [
    "lend-borrow",
    3,
    (w, r, from) => ({
      from,
      to: w.lender,
      gas: 200_000,
      data: abi.lender.encodeFunctionData("borrow", [BigInt(r.int(300) + 1) * 10n ** 18n]),
    }),
  ],
  [
    "lend-repay",
    2,
    (w, r, from) => ({
      from,
      to: w.lender,
      gas: 200_000,
      data: abi.lender.encodeFunctionData("repay", [BigInt(r.int(50) + 1) * 10n ** 18n]),
    }),
  ],
  [
    "eth-to-eoa",
    5,
    (w, r, from) => ({
      from,
      to: r.chance(0.5) ? r.pick(w.accounts) : r.freshAddress(),
      value: BigInt(r.int(10) + 1) * 10n ** 16n,
      gas: 30_000,
    }),
  ],
  [
    "eth-to-contract",
    3,
    (w, r, from) => ({ from, to: r.pick(w.sinks), value: BigInt(r.int(10) + 1) * 10n ** 15n, gas: 80_000 }),
  ],
  // Deposits of ETH into one contract (its balance only credited: a delta, no dependency; README
  // "Capture rules"), between readers of that balance (sink-forward, sink-peek).
  [
    "eth-to-one-contract",
    4,
    (w, r, from) => ({ from, to: w.sinks[0], value: BigInt(r.int(10) + 1) * 10n ** 15n, gas: 80_000 }),
  ],
  ["eth-to-contract-no-receive", 1, (w, r, from) => ({ from, to: r.pick(w.tokens), value: 1n, gas: 60_000 })],
  ["eth-zero-value-call", 2, (w, r, from) => ({ from, to: r.pick(w.tokens), gas: 60_000, data: "0x" })],
  [
    "sink-forward",
    2,
    (w, r, from) => ({
      from,
      to: w.sinks[0],
      gas: 80_000,
      data: abi.sink.encodeFunctionData("forward", [
        r.chance(0.5) ? r.pick(w.accounts) : r.freshAddress(),
        BigInt(r.int(5)) * 10n ** 15n,
      ]),
    }),
  ],
  [
    "sink-peek",
    2,
    (w, r, from) => ({
      from,
      to: w.sinks[1],
      gas: 100_000,
      data: abi.sink.encodeFunctionData("peekAndStore", [
        r.pick([...w.accounts, w.sinks[0], w.burner, r.freshAddress()]),
      ]),
    }),
  ],
  [
    "create",
    3,
    (w, r, from) => ({
      from,
      to: w.deployer,
      gas: 400_000,
      value: r.chance(0.3) ? 5n : 0n,
      data: abi.deployer.encodeFunctionData("create", [BigInt(r.int(1000))]),
    }),
  ],
  [
    "create2",
    3,
    (w, r, from) => ({
      from,
      to: w.deployer,
      gas: 400_000,
      data: abi.deployer.encodeFunctionData("create2", [BigInt(r.int(1000)), hex(BigInt(r.int(6))).padEnd(66, "0")]),
    }),
  ],
  [
    "create-tx",
    2,
    (w, r, from) => ({ from, gas: 400_000, data: childInitCode(BigInt(r.int(1000))), value: r.chance(0.2) ? 3n : 0n }),
  ],
  [
    "out-of-gas",
    2,
    (w, r, from) => ({
      from,
      to: w.burner,
      gas: 45_000 + r.int(40_000),
      data: abi.burner.encodeFunctionData("burn", [BigInt(5 + r.int(20))]),
    }),
  ],
  [
    "burn",
    2,
    (w, r, from) => ({
      from,
      to: w.burner,
      gas: 400_000,
      data: abi.burner.encodeFunctionData("burn", [BigInt(1 + r.int(5))]),
    }),
  ],
  [
    "coinbase-read",
    2,
    (w, r, from) => ({ from, to: w.coinbaseReader, gas: 80_000, data: abi.coinbase.encodeFunctionData("record") }),
  ],
  [
    "coinbase-tip",
    1,
    (w, r, from) => ({
      from,
      to: w.coinbaseReader,
      gas: 80_000,
      value: BigInt(r.int(1000) + 1),
      data: abi.coinbase.encodeFunctionData("tip"),
    }),
  ],
  [
    "selfdestruct-new",
    2,
    (w, r, from) => ({
      from,
      to: w.destructFactory,
      gas: 300_000,
      value: BigInt(r.int(3)),
      data: abi.destructFactory.encodeFunctionData(r.chance(0.5) ? "createAndDestroy" : "createThenDestroy", [
        r.chance(0.5) ? r.pick(w.accounts) : r.freshAddress(),
      ]),
    }),
  ],
  [
    "selfdestruct-existing",
    1,
    (w, r, from) => ({
      from,
      to: r.pick(w.destructibles),
      gas: 100_000,
      data: abi.destructor.encodeFunctionData("destroy", [r.pick(w.accounts)]),
    }),
  ],
];

function swap(world: FuzzWorld, random: Random, from: string, pool: { address: string }): TxRequest {
  return {
    from,
    to: pool.address,
    gas: 250_000,
    data: abi.pool.encodeFunctionData("swap", [random.chance(0.5), BigInt(random.int(100) + 1) * 10n ** 18n, 0n]),
  };
}

/** The name of every kind a random block can contain (swap-hot-pool: the one pool everybody trades on). */
export const KIND_NAMES: readonly string[] = KINDS.map(([kind]) => kind);

const TOTAL_WEIGHT = KINDS.reduce((sum, [, weight]) => sum + weight, 0);

function pickKind(random: Random): KindSpec {
  let roll = random.int(TOTAL_WEIGHT);
  for (const spec of KINDS) {
    if (roll < spec[1]) return spec;
    roll -= spec[1];
  }
  return KINDS[0];
}
const EXCLUDE = (process.env.FUZZ_EXCLUDE ?? "").split(",");

/**
 * Sends `size` random transactions with automine off (from a few senders, so several come from
 * one sender), in a random mix of transaction types (legacy, EIP-2930, EIP-1559), mines them into
 * one block and returns its number and the kinds sent.
 */
export async function mineRandomBlock(
  world: FuzzWorld,
  random: Random,
  size: number,
  mineBlock: (rpc: FuzzWorld["rpc"]) => Promise<number> = mine,
): Promise<{ number: number; kinds: string[] }> {
  const rpc = world.rpc;
  await call(rpc, "evm_setAutomine", false);
  const senders = world.accounts.slice(0, 2 + random.int(world.accounts.length - 1));
  const nonces = new Map<string, number>();
  const kinds: string[] = [];
  for (let i = 0; i < size; i++) {
    const from = random.pick(senders);
    if (!nonces.has(from)) nonces.set(from, Number(await call<string>(rpc, "eth_getTransactionCount", from, "latest")));
    let spec = pickKind(random);
    while (EXCLUDE.includes(spec[0])) spec = pickKind(random);
    const request = spec[2](world, random, from);
    const nonce = nonces.get(from)!;
    nonces.set(from, nonce + 1);
    kinds.push(spec[0]);
    const txType = random.int(6);
    const fees =
      txType === 0
        ? { gasPrice: hex(20n * GWEI + BigInt(random.int(5)) * GWEI) }
        : txType === 1
          ? {
              gasPrice: hex(20n * GWEI),
              accessList: [{ address: request.to ?? world.tokens[0], storageKeys: [hex(0n).padEnd(66, "0")] }],
            }
          : { maxFeePerGas: hex(50n * GWEI), maxPriorityFeePerGas: hex(BigInt(random.int(4)) * GWEI) };
    await call(rpc, "eth_sendTransaction", {
      from,
      to: request.to,
      data: request.data ?? "0x",
      value: hex(request.value ?? 0n),
      gas: hex(request.gas),
      nonce: hex(nonce),
      ...fees,
    });
  }
  let number: number;
  try {
    number = await mineBlock(rpc);
  } catch (error) {
    (error as Error).message += ` (block of ${kinds.join(", ")})`;
    throw error;
  }
  await call(rpc, "evm_setAutomine", true);
  return { number, kinds };
}
