// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Pair} from "./Pair.sol";

/// @title PairFactory — deploys one `Pair` per token pair and keeps a registry of them.
///
/// Parallel execution:
/// - `createPair` appends to `allPairs` (its length is one global slot), so pair creations
///   serialize with each other. That is harmless: pools are created rarely, in set-up here.
/// - Swaps never touch the factory: after creation a pool is independent of it, so the
///   registry is not on the hot path.
contract PairFactory {
    mapping(address tokenA => mapping(address tokenB => address pair)) public getPair;
    address[] public allPairs;

    event PairCreated(address indexed token0, address indexed token1, address pair, uint256 index);

    error IdenticalTokens();
    error ZeroAddress();
    error PairExists();

    function allPairsLength() external view returns (uint256) {
        return allPairs.length;
    }

    /// Deploys the pool for `tokenA`/`tokenB` (in either order). Reverts if it already exists.
    function createPair(address tokenA, address tokenB) external returns (address pair) {
        if (tokenA == tokenB) revert IdenticalTokens();
        (address token0, address token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        if (token0 == address(0)) revert ZeroAddress();
        if (getPair[token0][token1] != address(0)) revert PairExists();

        pair = address(new Pair(token0, token1));
        getPair[token0][token1] = pair;
        getPair[token1][token0] = pair;
        allPairs.push(pair);
        emit PairCreated(token0, token1, pair, allPairs.length - 1);
    }
}
