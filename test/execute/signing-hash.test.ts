import { Mainnet, createCustomCommon } from "@ethereumjs/common";
import { createAccessList2930Tx, createFeeMarket1559Tx, createLegacyTx, createTxFromRLP } from "@ethereumjs/tx";
import { bytesToHex, randomBytes } from "@ethereumjs/util";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { expect } from "chai";

import { typedSigningHash } from "../../plugin/internal/evm/signing-hash.ts";
import { Random } from "./support/random.ts";

const common = createCustomCommon({ chainId: 31337 }, Mainnet, { hardfork: "prague" });

describe("typed transactions: signing hash cut from the signed encoding", function () {
  it("equals ethereumjs' hash for EIP-2930 and EIP-1559 transactions of every size", function () {
    const random = new Random(7);
    const key = randomBytes(32);
    for (let i = 0; i < 200; i++) {
      const accessList = Array.from({ length: random.int(4) }, () => ({
        address: bytesToHex(randomBytes(20)),
        storageKeys: Array.from({ length: random.int(6) }, () => bytesToHex(randomBytes(32))),
      }));
      const to = random.int(5) === 0 ? undefined : bytesToHex(randomBytes(20));
      const fields = {
        chainId: 31337n,
        nonce: BigInt(random.int(1 << 20)),
        gasLimit: BigInt(21_000 + random.int(1 << 24)),
        to,
        value: BigInt(random.int(1 << 30)) * 10n ** BigInt(random.int(12)),
        // Calls with up to 70 KB of data: every RLP length form, list headers of 0 to 3 length bytes
        // (initcode is capped at 48 KB).
        data: Uint8Array.from(
          { length: to !== undefined && random.int(4) === 0 ? random.int(70_000) : random.int(300) },
          () => random.int(256),
        ),
        accessList,
      };
      const tx =
        i % 2 === 0
          ? createFeeMarket1559Tx(
              { ...fields, maxFeePerGas: 10n ** 9n + BigInt(i), maxPriorityFeePerGas: BigInt(i) },
              { common },
            ).sign(key)
          : createAccessList2930Tx({ ...fields, gasPrice: 10n ** 9n + BigInt(i) }, { common }).sign(key);
      const signed = tx.serialize();
      expect(bytesToHex(typedSigningHash(signed, keccak_256)!)).to.equal(
        bytesToHex(tx.getHashedMessageToSign()),
        `tx ${i}`,
      );
      // And the sender recovered from it is the signer.
      const decoded = createTxFromRLP(signed, { common });
      expect(decoded.getSenderAddress().toString()).to.equal(tx.getSenderAddress().toString());
    }
  });

  it("leaves legacy transactions and unreadable encodings to ethereumjs", function () {
    const legacy = createLegacyTx(
      { gasLimit: 21_000n, gasPrice: 1n, to: bytesToHex(randomBytes(20)) },
      { common },
    ).sign(randomBytes(32));
    expect(typedSigningHash(legacy.serialize(), keccak_256)).to.equal(undefined);
    expect(typedSigningHash(Uint8Array.of(2, 0xc1, 0x80), keccak_256)).to.equal(undefined); // fewer than 4 fields
    expect(typedSigningHash(Uint8Array.of(2, 0xc5, 0x80, 0x80), keccak_256)).to.equal(undefined); // truncated list
    expect(typedSigningHash(Uint8Array.of(2, 0xb9, 0xff), keccak_256)).to.equal(undefined); // truncated length
  });
});
