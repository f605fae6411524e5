import type { AccountChanges } from "../../plugin/internal/bal/index.ts";

import { expect } from "chai";
import { network } from "hardhat";

import { balHash, balSummary, blockAccessList, encodeBal } from "../../plugin/internal/bal/index.ts";
import { captureBlocks } from "../../plugin/internal/capture/capture-blocks.ts";
import { mappingSlot } from "../analyze/capture-builder.ts";

interface Receipt {
  transactionIndex: string;
  gasUsed: string;
  effectiveGasPrice: string;
  blockNumber: string;
}

const FRESH = "0x7e57000000000000000000000000000000000b01";
const VALUE = 123_456_789n;
/** Token's storage: name 0, symbol 1, totalSupply 2, balances 3 (checked against eth_getStorageAt below). */
const BALANCES_SLOT = 3n;
const q = (n: bigint | number | string): string => "0x" + BigInt(n).toString(16);
const word = (n: bigint): string => "0x" + n.toString(16).padStart(64, "0");
const empty = { storageChanges: [], storageReads: [], balanceChanges: [], nonceChanges: [], codeChanges: [] };

describe("EIP-7928 block access list of a block mined by EDR", function () {
  this.timeout(120_000);

  it("an ERC20 transfer and an ETH transfer to a fresh account: values from receipts and state", async () => {
    const { ethers, provider } = await network.create();
    const rpc = async <T>(method: string, ...params: unknown[]) => (await provider.request({ method, params })) as T;
    const [, alice, bob, carol] = await ethers.getSigners();
    const token = await ethers.deployContract("Token", ["Token", "TKN"]);
    await (await token.getFunction("mint")(alice.address, 1000n)).wait();
    const tokenAddress = (await token.getAddress()).toLowerCase();
    expect(await rpc<string>("eth_getBalance", FRESH, "latest")).to.equal("0x0");

    await rpc("evm_setAutomine", false);
    const transfer = await token.connect(alice).getFunction("transfer")(bob.address, 250n, { gasLimit: 100_000 });
    const send = await carol.sendTransaction({ to: FRESH, value: VALUE, gasLimit: 21_000 });
    await rpc("evm_mine");
    await rpc("evm_setAutomine", true);

    const receipt = (hash: string) => rpc<Receipt>("eth_getTransactionReceipt", hash);
    const [r1, r2] = [await receipt(transfer.hash), await receipt(send.hash)];
    const number = Number(r1.blockNumber);
    expect(Number(r2.blockNumber)).to.equal(number);
    const [captured] = await captureBlocks(provider, number, number);
    expect(captured.transactions).to.have.length(2);
    const bal = blockAccessList(captured);

    const at = q(number);
    const header = await rpc<{ baseFeePerGas: string; miner: string }>("eth_getBlockByNumber", at, false);
    const coinbase = header.miner.toLowerCase();
    const index = (r: Receipt) => Number(r.transactionIndex) + 1;
    const balanceAt = async (who: string) => q(await rpc<string>("eth_getBalance", who, at));
    const nonceAt = async (who: string) => q(await rpc<string>("eth_getTransactionCount", who, at));
    const [a, c] = [alice.address.toLowerCase(), carol.address.toLowerCase()];

    // The senders: nonce and balance after their tx; carol's balance fell by the value plus her gas.
    const carolBefore = BigInt(await rpc<string>("eth_getBalance", c, q(number - 1)));
    const carolAfter = carolBefore - VALUE - BigInt(r2.gasUsed) * BigInt(r2.effectiveGasPrice);
    expect(await balanceAt(c)).to.equal(q(carolAfter));
    const sender = async (who: string, r: Receipt): Promise<AccountChanges> => ({
      ...empty,
      address: who,
      balanceChanges: [{ index: index(r), value: await balanceAt(who) }],
      nonceChanges: [{ index: index(r), value: await nonceAt(who) }],
    });

    // The token: alice's and bob's balance slots, with the balances the token reports after the block.
    const slots = [];
    for (const holder of [a, bob.address.toLowerCase()]) {
      const key = word(mappingSlot(holder, BALANCES_SLOT));
      const balance = q(await token.getFunction("balanceOf")(holder, { blockTag: number }));
      expect(q(await rpc<string>("eth_getStorageAt", tokenAddress, key, at))).to.equal(balance);
      slots.push({ slot: key, changes: [{ index: index(r1), value: balance }] });
    }
    slots.sort((x, y) => (x.slot < y.slot ? -1 : 1));
    expect(slots.map((s) => s.changes[0].value).sort()).to.deep.equal([q(750n), q(250n)].sort());

    // The beneficiary: its balance after each tx, from the pre-block balance plus the priority fees.
    const baseFee = BigInt(header.baseFeePerGas);
    let credited = BigInt(await rpc<string>("eth_getBalance", coinbase, q(number - 1)));
    const fees = [];
    for (const r of [r1, r2].sort((x, y) => index(x) - index(y))) {
      credited += BigInt(r.gasUsed) * (BigInt(r.effectiveGasPrice) - baseFee);
      fees.push({ index: index(r), value: q(credited) });
    }
    expect(await balanceAt(coinbase)).to.equal(q(credited));

    const expected: AccountChanges[] = [
      await sender(a, r1),
      await sender(c, r2),
      { ...empty, address: tokenAddress, storageChanges: slots },
      { ...empty, address: FRESH, balanceChanges: [{ index: index(r2), value: q(VALUE) }] },
      { ...empty, address: coinbase, balanceChanges: fees },
    ].sort((x, y) => (x.address < y.address ? -1 : 1));
    // bob's account itself is never accessed (only his slot in the token); nothing at index 0 or 3.
    expect(bal).to.deep.equal(expected);
    const summary = { accounts: 5, slots: 2, bytes: encodeBal(bal).length, hash: balHash(bal) };
    expect(balSummary(bal)).to.deep.equal(summary);
  });
});
