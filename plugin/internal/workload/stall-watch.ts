/** How long `run` may wait with transactions pending and nothing sent or mined before the stall line. */
export const STALL_SECONDS = 3;
const CHECK_MS = 250;

/** What the watch looks at: the BlockProducer of the run. */
export interface StallSubject {
  /** Transactions accepted and not mined yet. */
  readonly pending: number;
  /** Set while a block is being produced. */
  readonly mining: Promise<void> | undefined;
}

/**
 * Watches a scenario's `run` for the usual hang: it waits for a receipt (`tx.wait()`,
 * `waitForTransactionReceipt`) while automine is off, so nothing is ever mined. Call `activity()`
 * on every send and every block mined; once `STALL_SECONDS` pass with transactions pending, no block
 * being produced and no activity, `onLine` gets one line (once per stall). `stop()` ends the watch.
 */
export function watchForStall(
  scenario: string,
  blockSize: number,
  subject: StallSubject,
  onLine: (line: string) => void,
  stallMs = STALL_SECONDS * 1000,
): { activity(): void; stop(): void } {
  let since = Date.now();
  let warned = false;
  const activity = () => {
    since = Date.now();
    warned = false;
  };
  const timer = setInterval(() => {
    if (subject.pending === 0 || subject.mining !== undefined) return activity();
    if (warned || Date.now() - since < stallMs) return;
    warned = true;
    onLine(stallLine(scenario, Math.round((Date.now() - since) / 1000), subject.pending, blockSize));
  }, CHECK_MS);
  timer.unref();
  return { activity, stop: () => clearInterval(timer) };
}

export function stallLine(scenario: string, seconds: number, pending: number, blockSize: number): string {
  const transactions = pending === 1 ? "1 transaction" : `${pending} transactions`;
  return (
    `Scenario "${scenario}": run() has been waiting ${seconds} s with ${transactions} pending and nothing mined: ` +
    "it is probably waiting for a receipt (tx.wait()). Blocks are mined only every --block-size " +
    `transactions (${blockSize} here): call ctx.mine() first, drop the wait, or use ctx.mineAndWait(tx).`
  );
}
