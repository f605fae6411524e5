import type { LoadResult } from "../../bench/node-load.ts";

import { expect } from "chai";

/**
 * What every load run must show, whatever the node: all `count` transactions accepted, each with
 * exactly one receipt (status 1) in one block, balances and nonces as planned, the node answering
 * throughout. Returns the sizes of the blocks that held the load.
 */
export async function expectCleanLoad(result: LoadResult, count: number): Promise<number[]> {
  expect(result.errors).to.deep.equal([]);
  expect(result.sent).to.equal(count);
  expect(result.receipts.size).to.equal(count);
  expect(result.duplicatesOrMissing).to.deep.equal([]);
  const failed = [...result.receipts].filter(([, receipt]) => receipt.status !== 1).map(([hash]) => hash);
  expect(failed).to.deep.equal([]);
  expect(await result.checkBalances()).to.deep.equal([]);
  expect(await result.checkNonces()).to.deep.equal([]);
  expect(result.answeredThroughout, result.probe.failures.join("\n")).to.equal(true);
  return result.blocks.map((block) => block.transactions.length);
}
