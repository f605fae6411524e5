// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IFuzzToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// Constant-product pool of two FuzzTokens (fuzz only). The lock is set and restored within a
/// transaction (a write that ends at its first value), and the price accumulator is updated only by
/// the first swap of a block (path-dependent reads).
contract FuzzPool {
    IFuzzToken public immutable token0;
    IFuzzToken public immutable token1;
    uint256 public reserve0;
    uint256 public reserve1;
    uint256 public lastTimestamp;
    uint256 public priceAccumulator;
    uint256 private unlocked = 1;

    event Swap(address indexed sender, bool zeroForOne, uint256 amountIn, uint256 amountOut);

    constructor(IFuzzToken t0, IFuzzToken t1) {
        token0 = t0;
        token1 = t1;
    }

    modifier lock() {
        require(unlocked == 1, "locked");
        unlocked = 2;
        _;
        unlocked = 1;
    }

    function addLiquidity(uint256 amount0, uint256 amount1) external lock {
        token0.transferFrom(msg.sender, address(this), amount0);
        token1.transferFrom(msg.sender, address(this), amount1);
        reserve0 += amount0;
        reserve1 += amount1;
    }

    function swap(bool zeroForOne, uint256 amountIn, uint256 minOut) external lock returns (uint256 out) {
        if (block.timestamp != lastTimestamp) {
            priceAccumulator += (reserve1 * 1e18) / (reserve0 + 1);
            lastTimestamp = block.timestamp;
        }
        (IFuzzToken tin, IFuzzToken tout, uint256 rin, uint256 rout) = zeroForOne
            ? (token0, token1, reserve0, reserve1)
            : (token1, token0, reserve1, reserve0);
        out = (amountIn * 997 * rout) / (rin * 1000 + amountIn * 997);
        require(out >= minOut, "slippage");
        tin.transferFrom(msg.sender, address(this), amountIn);
        tout.transfer(msg.sender, out);
        if (zeroForOne) {
            reserve0 = rin + amountIn;
            reserve1 = rout - out;
        } else {
            reserve1 = rin + amountIn;
            reserve0 = rout - out;
        }
        emit Swap(msg.sender, zeroForOne, amountIn, out);
    }
}
