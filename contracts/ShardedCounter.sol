// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ShardedCounter — `HotCounter` fixed for parallel execution. Same external `deposit()`.
///
/// Each `deposit()` credits the caller with `DEPOSIT_AMOUNT` units, exactly as `HotCounter` does,
/// but keeps only per-user state in the hot path: the deposit count and amount are "sharded" by
/// `msg.sender`. The global totals are not stored at all: `totalOf(users)` sums them lazily in a
/// view (free to call off-chain), and indexers can sum the `Deposited` events.
///
/// Parallel execution:
/// - Good: a deposit reads and writes only `deposits[msg.sender]` and `depositCounts[msg.sender]`.
///   Deposits from different users touch disjoint slots and run fully in parallel.
/// - Two deposits from the *same* user still serialize (on their slots, and on the sender's
///   nonce anyway), which is inherent.
/// - What to avoid when sharding: shards keyed by something many users share (e.g.
///   `shards[block.number % 8]` or a shared array's `length`) bring the conflicts back.
/// - The event has no global sequence number: a `depositIndex` like HotCounter's would need the
///   global counter again.
contract ShardedCounter {
    uint256 public constant DEPOSIT_AMOUNT = 1e18;

    mapping(address user => uint256) public deposits; // per user: no conflict between users
    mapping(address user => uint256) public depositCounts; // per user

    event Deposited(address indexed user, uint256 amount);

    function deposit() external {
        deposits[msg.sender] += DEPOSIT_AMOUNT;
        depositCounts[msg.sender] += 1;
        emit Deposited(msg.sender, DEPOSIT_AMOUNT);
    }

    /// Same as HotCounter's `balances(user)`.
    function balances(address user) external view returns (uint256) {
        return deposits[user];
    }

    /// The global statistics, computed lazily over `users` (a view: costs nothing off-chain).
    function totalOf(address[] calldata users) external view returns (uint256 count, uint256 total) {
        for (uint256 i = 0; i < users.length; i++) {
            count += depositCounts[users[i]];
            total += deposits[users[i]];
        }
    }
}
