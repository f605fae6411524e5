/**
 * The name a user knows a compiled source file by, from the compiler's input source name: the
 * artifact's source name when there is an artifact for the file ("contracts/Token.sol"), else Hardhat
 * 3's input name with its prefix taken off: "project/contracts/Base.sol" → "contracts/Base.sol",
 * "npm/@uniswap/v2-core@1.0.1/contracts/UniswapV2ERC20.sol" → "@uniswap/v2-core/contracts/UniswapV2ERC20.sol"
 * (a parent contract's file, compiled but with no artifact of its own).
 */
export function userSourceName(inputSourceName: string, artifactNames: ReadonlyMap<string, string>): string {
  const known = artifactNames.get(inputSourceName);
  if (known !== undefined) return known;
  if (inputSourceName.startsWith("project/")) return inputSourceName.slice("project/".length);
  const npm = /^npm\/((?:@[^/]+\/)?[^/@]+)@[^/]+\/(.+)$/.exec(inputSourceName);
  return npm === null ? inputSourceName : `${npm[1]}/${npm[2]}`;
}
