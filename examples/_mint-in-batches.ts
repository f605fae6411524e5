/**
 * Minting to many accounts at set-up (a helper, not a scenario: files starting with `_` are
 * skipped by the scenario loader).
 */
import type { Contract } from "ethers";

/**
 * Since Osaka (EIP-7825) one transaction may use at most 2^24 gas, ~600 fresh balances of a
 * `mintBatch`: mint in chunks so that `--users 10000` works.
 */
const CHUNK = 200;

/** `token.mintBatch(holders, amount)` in chunks of 200 holders, each mined before the next. */
export async function mintInBatches(token: Contract, holders: string[], amount: bigint): Promise<void> {
  for (let start = 0; start < holders.length; start += CHUNK) {
    await (await token.getFunction("mintBatch")(holders.slice(start, start + CHUNK), amount)).wait();
  }
}
