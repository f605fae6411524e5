/**
 * Smoke test of the node load generator (bench/node-load.ts) against plain `hardhat node` with
 * interval mining, in the benchmark's fixture project (bench/node-project.ts): 10 clients (half
 * HTTP, half WebSocket) send 300 transfers, swaps and vault deposits; every one gets exactly one
 * receipt with status 1, blocks batch them, balances and nonces come out as planned, the node
 * answers throughout and stops on SIGINT. Also: `startNode` on a port already taken rejects.
 */
import type { AddressInfo } from "node:net";
import type { RunningNode } from "../../bench/node-process.ts";

import { expect } from "chai";
import { createServer } from "node:net";

import { runLoad } from "../../bench/node-load.ts";
import { startNode } from "../../bench/node-process.ts";
import { artifactsDir } from "../../bench/node-project.ts";
import { builtNodeProject } from "./built-node-project.ts";
import { expectCleanLoad } from "./load-checks.ts";

describe("node load: plain hardhat node under concurrent HTTP and WebSocket clients", function () {
  this.timeout(180_000);
  let dir: string;

  before(function () {
    dir = builtNodeProject();
  });

  it("mines every transaction once, in blocks of many, with the planned balances and nonces", async function () {
    const node = await startNode(dir, ["node", "--hostname", "127.0.0.1", "--port", "0"]);
    let stopped = false;
    try {
      const result = await runLoad(node.url, node.wsUrl, {
        clients: 10,
        transactions: 300,
        seed: 7,
        timeoutMs: 120_000,
        artifactsDir: artifactsDir(dir),
      });
      const sizes = await expectCleanLoad(result, 300);
      expect(Math.max(...sizes), `block sizes ${sizes.join(", ")}`).to.be.greaterThan(1);
      expect(result.sent / sizes.length, `block sizes ${sizes.join(", ")}`).to.be.at.least(2);
      // The first and the last block may catch the load's start or tail; the ones between batch it.
      for (const size of sizes.slice(1, -1)) expect(size, `block sizes ${sizes.join(", ")}`).to.be.greaterThan(1);
      expect(result.tps).to.be.greaterThan(0);

      const exit = await node.stop();
      stopped = true;
      expect(exit.killed, "the node did not exit after SIGINT").to.equal(false);
      // Plain `hardhat node` dies of the signal; a node that handles it exits 0.
      expect(exit.code === 0 || exit.signal === "SIGINT", `code ${exit.code}, signal ${exit.signal}`).to.equal(true);
    } finally {
      if (!stopped) await node.stop("SIGKILL", 5_000);
    }
  });

  it("startNode rejects, with a message, when the port is already taken", async function () {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    let node: RunningNode | undefined;
    try {
      const error = await startNode(dir, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
        timeoutMs: 60_000,
      }).then(
        (started) => ((node = started), undefined),
        (error: unknown) => error,
      );
      expect(error, "startNode resolved on a taken port").to.be.instanceOf(Error);
      expect((error as Error).message)
        .to.be.a("string")
        .and.not.equal("");
    } finally {
      await node?.stop("SIGKILL", 5_000);
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
