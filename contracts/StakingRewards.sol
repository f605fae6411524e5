// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Token} from "./Token.sol";

/// @title StakingRewards — Synthetix-style staking: stake one token, earn another at a fixed rate
/// shared pro rata among stakers.
///
/// Parallel execution:
/// - Hurts: `stake` and `withdraw` read-modify-write `totalStaked`, so they serialize with each
///   other; and every action's reward maths reads `totalStaked`, so every action depends on the
///   last `stake`/`withdraw` before it in the block.
/// - Hurts (first action of a block only): the `updateReward` modifier writes
///   `rewardPerTokenStored` and `lastUpdateTime`. All transactions of a block share one
///   `block.timestamp`, so later actions in the block store the values already there; a store of
///   an unchanged value is a read for conflict purposes. That costs one dependency on the block's
///   first action, not a chain.
/// - Hurts: `stake`/`withdraw` move the staking token in/out and `getReward` moves the reward token
///   out: each writes the contract's balance slot in that token (`Token.balances[staking]`), so
///   every `getReward` serializes with every other `getReward`.
/// - Good: `stakes`, `userRewardPerTokenPaid` and `rewards` are per user.
contract StakingRewards {
    uint256 private constant WAD = 1e18;

    Token public immutable stakingToken;
    Token public immutable rewardsToken;
    address public owner;

    uint256 public periodFinish;
    uint256 public rewardRate; // reward tokens per second, shared by all stakers
    uint256 public lastUpdateTime;
    uint256 public rewardPerTokenStored;
    uint256 public totalStaked;

    mapping(address user => uint256) public stakes;
    mapping(address user => uint256) public userRewardPerTokenPaid;
    mapping(address user => uint256) public rewards;

    event RewardAdded(uint256 reward, uint256 duration);
    event Staked(address indexed user, uint256 amount);
    event Withdrawn(address indexed user, uint256 amount);
    event RewardPaid(address indexed user, uint256 reward);

    error NotOwner();
    error ZeroAmount();
    error InsufficientStake();
    error RewardTooHigh();
    error TransferFailed();

    constructor(Token stakingToken_, Token rewardsToken_) {
        stakingToken = stakingToken_;
        rewardsToken = rewardsToken_;
        owner = msg.sender;
    }

    /// Brings the global accumulator up to date, then the caller's accrued rewards.
    modifier updateReward(address account) {
        rewardPerTokenStored = rewardPerToken();
        lastUpdateTime = lastTimeRewardApplicable();
        if (account != address(0)) {
            rewards[account] = earned(account);
            userRewardPerTokenPaid[account] = rewardPerTokenStored;
        }
        _;
    }

    // ---------------------------------------------------------------- views

    function lastTimeRewardApplicable() public view returns (uint256) {
        return block.timestamp < periodFinish ? block.timestamp : periodFinish;
    }

    function rewardPerToken() public view returns (uint256) {
        if (totalStaked == 0) return rewardPerTokenStored;
        return rewardPerTokenStored + ((lastTimeRewardApplicable() - lastUpdateTime) * rewardRate * WAD) / totalStaked;
    }

    function earned(address account) public view returns (uint256) {
        return (stakes[account] * (rewardPerToken() - userRewardPerTokenPaid[account])) / WAD + rewards[account];
    }

    // ---------------------------------------------------------------- actions

    function stake(uint256 amount) external updateReward(msg.sender) {
        if (amount == 0) revert ZeroAmount();
        totalStaked += amount; // global write: every stake
        stakes[msg.sender] += amount;
        if (!stakingToken.transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
        emit Staked(msg.sender, amount);
    }

    function withdraw(uint256 amount) public updateReward(msg.sender) {
        if (amount == 0) revert ZeroAmount();
        if (amount > stakes[msg.sender]) revert InsufficientStake();
        totalStaked -= amount; // global write: every withdrawal
        stakes[msg.sender] -= amount;
        if (!stakingToken.transfer(msg.sender, amount)) revert TransferFailed();
        emit Withdrawn(msg.sender, amount);
    }

    function getReward() public updateReward(msg.sender) {
        uint256 reward = rewards[msg.sender];
        if (reward > 0) {
            rewards[msg.sender] = 0;
            if (!rewardsToken.transfer(msg.sender, reward)) revert TransferFailed();
            emit RewardPaid(msg.sender, reward);
        }
    }

    function exit() external {
        withdraw(stakes[msg.sender]);
        getReward();
    }

    /// Owner: starts (or extends) a reward period paying `reward` over `duration` seconds.
    /// The reward tokens must already be held by this contract.
    function notifyRewardAmount(uint256 reward, uint256 duration) external updateReward(address(0)) {
        if (msg.sender != owner) revert NotOwner();
        if (block.timestamp >= periodFinish) {
            rewardRate = reward / duration;
        } else {
            uint256 leftover = (periodFinish - block.timestamp) * rewardRate;
            rewardRate = (reward + leftover) / duration;
        }
        if (rewardRate * duration > rewardsToken.balanceOf(address(this))) revert RewardTooHigh();
        lastUpdateTime = block.timestamp;
        periodFinish = block.timestamp + duration;
        emit RewardAdded(reward, duration);
    }
}
