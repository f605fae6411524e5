import type { HardhatPlugin } from "hardhat/types/plugins";

const PACKAGE = "@nomicfoundation/hardhat-ethers";

/** Stands in for hardhat-ethers when it is not installed: a plugin that adds nothing. */
const WITHOUT_ETHERS: HardhatPlugin = { id: "hardhat-parallel:without-hardhat-ethers", npmPackage: null };

/**
 * hardhat-ethers as a plugin dependency when it is installed (as before: a config with only
 * hardhat-parallel gets `ctx.ethers`), and nothing when it is not (a viem-only project): scenarios
 * that use `ctx.ethers` then fail with a line naming the package. Any other load error is thrown.
 */
export async function optionalHardhatEthers(): Promise<{ default: HardhatPlugin }> {
  try {
    return await import("@nomicfoundation/hardhat-ethers");
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    const missing = code === "ERR_MODULE_NOT_FOUND" && message?.includes(`'${PACKAGE}'`) === true;
    if (!missing) throw error;
    return { default: WITHOUT_ETHERS };
  }
}
