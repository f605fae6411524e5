/**
 * The transactions of the node load (bench/node-load.ts), deterministic from a seed: sender
 * wallets, receivers, and per sender a list of ERC20 transfers, swaps and vault deposits whose
 * effect on every checked balance does not depend on the order they run in:
 * - transfers move fixed amounts to fixed receivers;
 * - swaps pull a fixed `amountIn` from the sender (amountOutMin 0) and send the output to a sink
 *   (the output depends on the order; the sink's plus the pair's balance of each token does not);
 * - deposits of fixed amounts into a vault that nobody donates to, so its share price stays 1:1
 *   (shares minted = assets deposited, whatever the order).
 * Gas limits are per kind (no estimateGas); `expectedBalances` gives what every check compares.
 */
import { Wallet, getAddress, keccak256, solidityPacked } from "ethers";

import { seededRandom } from "../plugin/internal/seeded-random.ts";

export type TokenName = "A" | "B";

export type PlannedTx =
  | { kind: "transfer"; token: TokenName; to: string; amount: bigint }
  | { kind: "swap"; tokenIn: TokenName; amount: bigint }
  | { kind: "deposit"; amount: bigint };

/** Gas limit per kind, measured on Hardhat's node (worst case: first write of a cold slot) plus margin. */
export const GAS_LIMITS: Record<PlannedTx["kind"], bigint> = { transfer: 70_000n, swap: 160_000n, deposit: 125_000n };
/** Tokens minted to every sender, and to the pair as liquidity (of each token). */
export const MINTED_PER_SENDER = 10n ** 24n;
export const PAIR_LIQUIDITY = 10n ** 27n;
/** The receivers of transfers. */
export const RECEIVER_COUNT = 8;

export interface LoadPlan {
  seed: number;
  senders: Wallet[];
  receivers: string[];
  /** Receives every swap's output. */
  sink: string;
  /** Per sender, its transactions in nonce order. */
  txs: PlannedTx[][];
}

function derived(label: string, seed: number, index: number): string {
  return keccak256(solidityPacked(["string", "uint256", "uint256"], [label, seed, index]));
}

function derivedAddress(label: string, seed: number, index: number): string {
  return getAddress("0x" + derived(label, seed, index).slice(-40));
}

/**
 * What the load is made of: "defi" (half transfers to 8 shared receivers, a quarter swaps on one
 * pair, a quarter deposits into one vault: contended by design) or "transfers" (every sender
 * transfers to a receiver of its own: independent across senders).
 */
export type LoadMix = "defi" | "transfers";

/**
 * `transactions` split over `senders` (the first ones get one more when it does not divide).
 * With the "transfers" mix, sender i transfers to receiver i only, token A and B in turn.
 */
export function planLoad(senderCount: number, transactions: number, seed = 1, mix: LoadMix = "defi"): LoadPlan {
  const clients = senderCount;
  if (!Number.isInteger(clients) || clients < 1) throw new Error(`senders must be a positive integer: ${clients}`);
  if (!Number.isInteger(transactions) || transactions < 0) throw new Error(`bad transaction count: ${transactions}`);
  const next = seededRandom(seed);
  const senders = Array.from({ length: clients }, (_, i) => new Wallet(derived("sender", seed, i)));
  const receiverCount = mix === "transfers" ? clients : RECEIVER_COUNT;
  const receivers = Array.from({ length: receiverCount }, (_, i) => derivedAddress("receiver", seed, i));
  const sink = derivedAddress("sink", seed, 0);
  const amount = (): bigint => BigInt(1 + Math.floor(next() * 1000)) * 10n ** 15n;
  const txs = senders.map((_, i) => {
    const count = Math.floor(transactions / clients) + (i < transactions % clients ? 1 : 0);
    return Array.from({ length: count }, (_, j): PlannedTx => {
      if (mix === "transfers")
        return { kind: "transfer", token: j % 2 === 0 ? "A" : "B", to: receivers[i], amount: amount() };
      const pick = next();
      if (pick < 0.5) {
        const to = receivers[Math.floor(next() * receivers.length)];
        return { kind: "transfer", token: next() < 0.5 ? "A" : "B", to, amount: amount() };
      }
      if (pick < 0.75) return { kind: "swap", tokenIn: next() < 0.5 ? "A" : "B", amount: amount() };
      return { kind: "deposit", amount: amount() };
    });
  });
  return { seed, senders, receivers, sink, txs };
}

export interface ExpectedBalances {
  /** Token balance per holder address (senders and receivers), of A and of B. */
  tokens: Record<TokenName, Map<string, bigint>>;
  /** Vault shares per sender (the vault prices 1:1). */
  shares: Map<string, bigint>;
  vaultTotalSupply: bigint;
  /** balanceOf(pair) + balanceOf(sink), per token: the liquidity plus every swap's input in it. */
  pairPlusSink: Record<TokenName, bigint>;
}

/**
 * The balances after the first `sentPerSender[i]` transactions of each sender have run (all of
 * them when omitted), in any order.
 */
export function expectedBalances(plan: LoadPlan, sentPerSender?: number[]): ExpectedBalances {
  const tokens: Record<TokenName, Map<string, bigint>> = { A: new Map(), B: new Map() };
  const shares = new Map<string, bigint>();
  const pairPlusSink: Record<TokenName, bigint> = { A: PAIR_LIQUIDITY, B: PAIR_LIQUIDITY };
  let vaultTotalSupply = 0n;
  const add = (token: TokenName, holder: string, delta: bigint): void => {
    tokens[token].set(holder, (tokens[token].get(holder) ?? 0n) + delta);
  };
  for (const receiver of plan.receivers) for (const token of ["A", "B"] as const) add(token, receiver, 0n);
  plan.senders.forEach((sender, i) => {
    const me = sender.address;
    add("A", me, MINTED_PER_SENDER);
    add("B", me, MINTED_PER_SENDER);
    shares.set(me, 0n);
    for (const tx of plan.txs[i].slice(0, sentPerSender?.[i] ?? plan.txs[i].length)) {
      if (tx.kind === "transfer") {
        add(tx.token, me, -tx.amount);
        add(tx.token, tx.to, tx.amount);
      } else if (tx.kind === "swap") {
        add(tx.tokenIn, me, -tx.amount);
        pairPlusSink[tx.tokenIn] += tx.amount;
      } else {
        add("A", me, -tx.amount);
        shares.set(me, (shares.get(me) ?? 0n) + tx.amount);
        vaultTotalSupply += tx.amount;
      }
    }
  });
  return { tokens, shares, vaultTotalSupply, pairPlusSink };
}
