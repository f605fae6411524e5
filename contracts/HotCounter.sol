// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title HotCounter — a deposit box that keeps global statistics in the hot path (the anti-pattern).
///
/// Each `deposit()` credits the caller with `DEPOSIT_AMOUNT` units of an internal ledger (think
/// loyalty points, votes, or credits bought off-chain) and updates two global statistics.
/// No ether or tokens move, so the only shared state is this contract's own storage.
///
/// Parallel execution:
/// - Hurts: `depositCount` and `totalDeposited` are read-modify-written by every deposit. Two
///   deposits from two different users, which have nothing to do with each other, still conflict
///   on these two slots: a block of N deposits is one chain of N dependent transactions and runs
///   sequentially on any optimistic parallel engine (Block-STM re-executes them over and over).
/// - Good: `balances[user]` is per user.
/// - The fix is `ShardedCounter`: keep only per-user state in the hot path and compute the totals
///   lazily (a view over the users, or off-chain from the events).
contract HotCounter {
    uint256 public constant DEPOSIT_AMOUNT = 1e18;

    uint256 public depositCount; // global: written by every deposit
    uint256 public totalDeposited; // global: written by every deposit
    mapping(address user => uint256) public balances;

    event Deposited(address indexed user, uint256 amount, uint256 depositIndex);

    function deposit() external {
        uint256 index = depositCount;
        depositCount = index + 1;
        totalDeposited += DEPOSIT_AMOUNT;
        balances[msg.sender] += DEPOSIT_AMOUNT;
        emit Deposited(msg.sender, DEPOSIT_AMOUNT, index);
    }
}
