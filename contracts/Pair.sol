// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Token} from "./Token.sol";

/// @title Pair — a constant-product pool (x * y = k) in the style of Uniswap V2, 0.3% fee.
///
/// Unlike Uniswap V2 (where a router sends tokens in before calling `swap`), `swap` here pulls the
/// input with `transferFrom` after an approval, so an EOA can call it directly.
///
/// Parallel execution — a pool is a textbook hotspot:
/// - Hurts: every swap reads and writes `reserve0`/`reserve1` (packed with `blockTimestampLast` into
///   one slot, as in Uniswap V2). Each swap's price depends on the previous swap's reserves, so two
///   swaps on the same pool in one block are a true read-after-write dependency: they always
///   serialize, whatever the engine does.
/// - Hurts: every swap writes the pool's balance in both tokens (`Token.balances[pair]`).
/// - Hurts (first swap of a block only): `price0CumulativeLast`/`price1CumulativeLast` are updated
///   only when `block.timestamp` moved since the last update, so the first swap of a block writes
///   them and later swaps only read `blockTimestampLast`. Gas and access sets of "the same" swap
///   differ with its position in the block.
/// - Neutral: the re-entrancy lock `unlocked` is written 1 -> 0 -> 1 in every call; its value at the
///   end of the transaction is unchanged, so it behaves as a read, not a write.
/// - Good: swaps on *different* pools share nothing but the token contracts' code, and touch
///   different balance slots there: pools scale out, one pool does not.
contract Pair {
    uint256 public constant MINIMUM_LIQUIDITY = 1000;

    address public immutable factory;
    address public immutable token0;
    address public immutable token1;

    // One storage slot, as in Uniswap V2: written by every swap and liquidity change.
    uint112 public reserve0;
    uint112 public reserve1;
    uint32 public blockTimestampLast;

    // Time-weighted price oracle: written by the first pool update of each block.
    uint256 public price0CumulativeLast;
    uint256 public price1CumulativeLast;

    // LP shares: a minimal ERC20 ledger (no transfers, enough for add/remove liquidity).
    uint256 public totalSupply;
    mapping(address account => uint256) public balanceOf;

    uint256 private unlocked = 1;

    event Mint(address indexed sender, uint256 amount0, uint256 amount1, uint256 liquidity, address indexed to);
    event Burn(address indexed sender, uint256 amount0, uint256 amount1, uint256 liquidity, address indexed to);
    event Swap(address indexed sender, address indexed tokenIn, uint256 amountIn, uint256 amountOut, address indexed to);
    event Sync(uint112 reserve0, uint112 reserve1);

    error Locked();
    error InvalidToken();
    error InsufficientInput();
    error InsufficientLiquidity();
    error InsufficientLiquidityMinted();
    error InsufficientLiquidityBurned();
    error InsufficientOutput(uint256 amountOut, uint256 minAmountOut);
    error Overflow();
    error TransferFailed();

    modifier lock() {
        if (unlocked != 1) revert Locked();
        unlocked = 0;
        _;
        unlocked = 1;
    }

    constructor(address token0_, address token1_) {
        factory = msg.sender;
        token0 = token0_;
        token1 = token1_;
    }

    function getReserves() public view returns (uint112 r0, uint112 r1, uint32 timestampLast) {
        return (reserve0, reserve1, blockTimestampLast);
    }

    /// Output of swapping `amountIn` of `tokenIn` at the current reserves, after the 0.3% fee.
    function getAmountOut(uint256 amountIn, address tokenIn) external view returns (uint256) {
        (uint256 reserveIn, uint256 reserveOut) = _orderedReserves(tokenIn);
        return _amountOut(amountIn, reserveIn, reserveOut);
    }

    /// Pulls `amount0` of token0 and `amount1` of token1 from the caller and mints LP shares to `to`.
    /// Tokens transferred to the pool beforehand count too, as in Uniswap V2's `mint`: seeding a
    /// pool can be "mint/transfer both tokens to the pair, then `addLiquidity(0, 0, to)`".
    function addLiquidity(uint256 amount0, uint256 amount1, address to) external lock returns (uint256 liquidity) {
        (uint112 r0, uint112 r1, ) = getReserves();
        _pull(token0, amount0);
        _pull(token1, amount1);
        uint256 balance0 = Token(token0).balanceOf(address(this));
        uint256 balance1 = Token(token1).balanceOf(address(this));
        uint256 added0 = balance0 - r0;
        uint256 added1 = balance1 - r1;

        uint256 supply = totalSupply;
        if (supply == 0) {
            liquidity = _sqrt(added0 * added1) - MINIMUM_LIQUIDITY;
            _mintShares(address(0), MINIMUM_LIQUIDITY); // locked forever, as in Uniswap V2
        } else {
            liquidity = _min((added0 * supply) / r0, (added1 * supply) / r1);
        }
        if (liquidity == 0) revert InsufficientLiquidityMinted();
        _mintShares(to, liquidity);

        _update(balance0, balance1, r0, r1);
        emit Mint(msg.sender, added0, added1, liquidity, to);
    }

    /// Burns `liquidity` of the caller's LP shares and sends the underlying tokens to `to`.
    function removeLiquidity(uint256 liquidity, address to) external lock returns (uint256 amount0, uint256 amount1) {
        uint256 balance0 = Token(token0).balanceOf(address(this));
        uint256 balance1 = Token(token1).balanceOf(address(this));
        uint256 supply = totalSupply;
        amount0 = (liquidity * balance0) / supply;
        amount1 = (liquidity * balance1) / supply;
        if (amount0 == 0 || amount1 == 0) revert InsufficientLiquidityBurned();

        balanceOf[msg.sender] -= liquidity;
        totalSupply = supply - liquidity;
        _send(token0, to, amount0);
        _send(token1, to, amount1);

        (uint112 r0, uint112 r1, ) = getReserves();
        _update(balance0 - amount0, balance1 - amount1, r0, r1);
        emit Burn(msg.sender, amount0, amount1, liquidity, to);
    }

    /// Swaps `amountIn` of `tokenIn` (pulled from the caller; approve first) for the other token,
    /// sent to `to`. Reverts unless at least `minAmountOut` comes out.
    function swap(uint256 amountIn, address tokenIn, uint256 minAmountOut, address to)
        external
        lock
        returns (uint256 amountOut)
    {
        if (amountIn == 0) revert InsufficientInput();
        (uint112 r0, uint112 r1, ) = getReserves();
        bool zeroForOne;
        if (tokenIn == token0) zeroForOne = true;
        else if (tokenIn != token1) revert InvalidToken();

        // The price depends on the reserves left by the previous swap: a read-after-write dependency.
        amountOut = zeroForOne ? _amountOut(amountIn, r0, r1) : _amountOut(amountIn, r1, r0);
        if (amountOut < minAmountOut || amountOut == 0) revert InsufficientOutput(amountOut, minAmountOut);
        if (amountOut >= (zeroForOne ? r1 : r0)) revert InsufficientLiquidity();

        address tokenOut = zeroForOne ? token1 : token0;
        _pull(tokenIn, amountIn);
        _send(tokenOut, to, amountOut);

        // Sync to the real balances (as Uniswap V2 does): reads the pool's balance slots again.
        uint256 balance0 = Token(token0).balanceOf(address(this));
        uint256 balance1 = Token(token1).balanceOf(address(this));
        _update(balance0, balance1, r0, r1);
        emit Swap(msg.sender, tokenIn, amountIn, amountOut, to);
    }

    /// Writes the reserves (every call) and the price accumulators (first call of a block only).
    function _update(uint256 balance0, uint256 balance1, uint112 r0, uint112 r1) private {
        if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert Overflow();
        uint32 timestamp = uint32(block.timestamp);
        unchecked {
            uint32 elapsed = timestamp - blockTimestampLast; // overflow is intended
            if (elapsed > 0 && r0 != 0 && r1 != 0) {
                // UQ112x112 prices times seconds elapsed; overflow is intended (only differences matter).
                price0CumulativeLast += ((uint256(r1) << 112) / r0) * elapsed;
                price1CumulativeLast += ((uint256(r0) << 112) / r1) * elapsed;
            }
        }
        reserve0 = uint112(balance0);
        reserve1 = uint112(balance1);
        blockTimestampLast = timestamp;
        emit Sync(reserve0, reserve1);
    }

    function _orderedReserves(address tokenIn) private view returns (uint256 reserveIn, uint256 reserveOut) {
        if (tokenIn == token0) return (reserve0, reserve1);
        if (tokenIn == token1) return (reserve1, reserve0);
        revert InvalidToken();
    }

    function _amountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) private pure returns (uint256) {
        if (reserveIn == 0 || reserveOut == 0) revert InsufficientLiquidity();
        uint256 amountInWithFee = amountIn * 997;
        return (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
    }

    function _mintShares(address to, uint256 amount) private {
        totalSupply += amount;
        balanceOf[to] += amount;
    }

    function _pull(address token, uint256 amount) private {
        if (!Token(token).transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
    }

    function _send(address token, address to, uint256 amount) private {
        if (!Token(token).transfer(to, amount)) revert TransferFailed();
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }

    function _sqrt(uint256 y) private pure returns (uint256 z) {
        if (y > 3) {
            z = y;
            uint256 x = y / 2 + 1;
            while (x < z) {
                z = x;
                x = (y / x + x) / 2;
            }
        } else if (y != 0) {
            z = 1;
        }
    }
}
