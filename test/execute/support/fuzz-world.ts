import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Interface } from "ethers";

import { type Rpc, call, hex, sendMined } from "./rpc.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

interface Artifact {
  abi: unknown[];
  bytecode: string;
}

export function artifact(file: string, name: string): Artifact {
  return JSON.parse(readFileSync(path.join(root, "artifacts/contracts/fuzz", file, `${name}.json`), "utf8"));
}

export const abi = {
  token: new Interface(artifact("FuzzToken.sol", "FuzzToken").abi as never),
  pool: new Interface(artifact("FuzzPool.sol", "FuzzPool").abi as never),
  lender: new Interface(artifact("FuzzLender.sol", "FuzzLender").abi as never),
  coinbase: new Interface(artifact("CoinbaseReader.sol", "CoinbaseReader").abi as never),
  destructor: new Interface(artifact("SelfDestructor.sol", "SelfDestructor").abi as never),
  destructFactory: new Interface(artifact("SelfDestructor.sol", "SelfDestructFactory").abi as never),
  deployer: new Interface(artifact("Deployer.sol", "Deployer").abi as never),
  child: new Interface(artifact("Deployer.sol", "FuzzChild").abi as never),
  burner: new Interface(artifact("GasBurner.sol", "GasBurner").abi as never),
  sink: new Interface(artifact("EthSink.sol", "EthSink").abi as never),
};

/** Creation code of FuzzChild(seed), for contract-creation transactions. */
export function childInitCode(seed: bigint): string {
  return artifact("Deployer.sol", "FuzzChild").bytecode + abi.child.encodeDeploy([seed]).slice(2);
}

export interface PoolInfo {
  address: string;
  token0: string;
  token1: string;
}

/** The contracts and funded accounts the random blocks and the benchmarks use. */
export interface FuzzWorld {
  rpc: Rpc;
  /** Hardhat's funded, unlocked accounts. */
  accounts: string[];
  tokens: string[];
  pools: PoolInfo[];
  lender: string;
  coinbaseReader: string;
  destructFactory: string;
  /** Pre-existing SelfDestructors (destroying them only moves their balance, EIP-6780). */
  destructibles: string[];
  deployer: string;
  burner: string;
  sinks: string[];
}

export async function deploy(
  rpc: Rpc,
  from: string,
  file: string,
  name: string,
  iface: Interface,
  args: unknown[] = [],
  value = 0n,
) {
  const data = artifact(file, name).bytecode + iface.encodeDeploy(args).slice(2);
  const receipt = await sendMined(rpc, { from, data, value, gas: 8_000_000 });
  return receipt.contractAddress!.toLowerCase();
}

/**
 * Deploys the fuzz contracts with automine on, funds every account with tokens and approves the
 * pools and the lender for them. `pools` pools are spread over `tokens` tokens.
 */
export async function deployFuzzWorld(
  rpc: Rpc,
  options: { tokens?: number; pools?: number; accounts?: number } = {},
): Promise<FuzzWorld> {
  await call(rpc, "evm_setAutomine", true);
  const all = (await call<string[]>(rpc, "eth_accounts")).map((a) => a.toLowerCase());
  const accounts = all.slice(0, options.accounts ?? all.length);
  const owner = accounts[0];
  const tokens: string[] = [];
  for (let i = 0; i < (options.tokens ?? 4); i++)
    tokens.push(await deploy(rpc, owner, "FuzzToken.sol", "FuzzToken", abi.token));
  const pools: PoolInfo[] = [];
  for (let i = 0; i < (options.pools ?? 6); i++) {
    const token0 = tokens[i % tokens.length];
    const token1 = tokens[(i + 1 + Math.floor(i / tokens.length)) % tokens.length];
    pools.push({
      address: await deploy(rpc, owner, "FuzzPool.sol", "FuzzPool", abi.pool, [token0, token1]),
      token0,
      token1,
    });
  }
  const lender = await deploy(rpc, owner, "FuzzLender.sol", "FuzzLender", abi.lender, [tokens[0]]);
  const coinbaseReader = await deploy(rpc, owner, "CoinbaseReader.sol", "CoinbaseReader", abi.coinbase);
  const destructFactory = await deploy(rpc, owner, "SelfDestructor.sol", "SelfDestructFactory", abi.destructFactory);
  const destructibles: string[] = [];
  for (let i = 0; i < 3; i++) {
    destructibles.push(
      await deploy(rpc, owner, "SelfDestructor.sol", "SelfDestructor", abi.destructor, [owner], 10n ** 15n),
    );
  }
  const deployer = await deploy(rpc, owner, "Deployer.sol", "Deployer", abi.deployer);
  const burner = await deploy(rpc, owner, "GasBurner.sol", "GasBurner", abi.burner);
  const sinks = [
    await deploy(rpc, owner, "EthSink.sol", "EthSink", abi.sink),
    await deploy(rpc, owner, "EthSink.sol", "EthSink", abi.sink),
  ];
  await sendMined(rpc, { from: owner, to: sinks[0], value: 10n ** 18n });

  const million = 10n ** 24n;
  for (const token of tokens) {
    for (const account of accounts) {
      await sendMined(rpc, { from: owner, to: token, data: abi.token.encodeFunctionData("mint", [account, million]) });
    }
    await sendMined(rpc, { from: owner, to: token, data: abi.token.encodeFunctionData("mint", [lender, million]) });
  }
  const max = (1n << 256n) - 1n;
  for (const account of accounts) {
    for (const pool of pools) {
      for (const token of [pool.token0, pool.token1]) {
        await sendMined(rpc, {
          from: account,
          to: token,
          data: abi.token.encodeFunctionData("approve", [pool.address, max]),
        });
      }
    }
    await sendMined(rpc, {
      from: account,
      to: tokens[0],
      data: abi.token.encodeFunctionData("approve", [lender, max]),
    });
  }
  for (const pool of pools) {
    await sendMined(rpc, {
      from: owner,
      to: pool.address,
      data: abi.pool.encodeFunctionData("addLiquidity", [10n ** 22n, 10n ** 22n]),
    });
  }
  return {
    rpc,
    accounts,
    tokens,
    pools,
    lender,
    coinbaseReader,
    destructFactory,
    destructibles,
    deployer,
    burner,
    sinks,
  };
}

/** Mines every pending transaction into one block and returns its number. */
export async function mine(rpc: Rpc): Promise<number> {
  await call(rpc, "evm_mine");
  return Number(await call<string>(rpc, "eth_blockNumber"));
}

export { hex };
