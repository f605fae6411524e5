import type { NetworkConnection } from "hardhat/types/network";

/** The chain id and hardfork of an in-process EDR connection, as the engine needs them. */
export async function chainOf(connection: NetworkConnection): Promise<{ chainId: number; hardfork: string }> {
  const config = connection.networkConfig;
  return {
    chainId: Number(await connection.provider.request({ method: "eth_chainId" })),
    hardfork: config.type === "edr-simulated" ? String(config.hardfork) : "",
  };
}
