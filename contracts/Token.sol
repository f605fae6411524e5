// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Token — a minimal ERC20 used by every workload.
///
/// Parallel execution:
/// - Good: a `transfer` writes only `balances[from]` and `balances[to]`. Two transfers
///   between disjoint accounts touch disjoint storage slots and run in parallel.
/// - Good: `totalSupply` is written only by `mint` (set-up), never by transfers.
/// - Good: `transferFrom` with an unlimited allowance (`type(uint256).max`) does not write
///   the allowance slot, so many pulls by the same spender do not conflict on it.
/// - Hurts: every contract that *receives* tokens (an AMM pair, a lending pool, a vault, a
///   staking contract) has one balance slot here, `balances[contract]`, written by every
///   deposit/swap/withdraw that moves tokens in or out of it. That slot is often the real
///   hotspot of a DeFi protocol, even when the protocol's own storage is per user.
contract Token {
    string public name;
    string public symbol;
    uint8 public constant decimals = 18;

    uint256 public totalSupply;
    mapping(address account => uint256) public balances;
    mapping(address owner => mapping(address spender => uint256)) public allowances;

    /// May mint new tokens (used to fund workloads during set-up).
    address public owner;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    error NotOwner();
    error InsufficientBalance();
    error InsufficientAllowance();
    error ZeroAddress();

    constructor(string memory name_, string memory symbol_) {
        name = name_;
        symbol = symbol_;
        owner = msg.sender;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    function balanceOf(address account) external view returns (uint256) {
        return balances[account];
    }

    function allowance(address holder, address spender) external view returns (uint256) {
        return allowances[holder][spender];
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _transfer(msg.sender, to, amount);
        return true;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowances[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowances[from][msg.sender];
        // An unlimited allowance is never decreased: one SLOAD, no SSTORE.
        if (allowed != type(uint256).max) {
            if (allowed < amount) revert InsufficientAllowance();
            unchecked {
                allowances[from][msg.sender] = allowed - amount;
            }
        }
        _transfer(from, to, amount);
        return true;
    }

    /// Set-up only: creates `amount` new tokens for `to`.
    /// Writes the global `totalSupply`, so mints serialize with each other.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// Set-up only: mints `amount` to each of `to` in one transaction.
    function mintBatch(address[] calldata to, uint256 amount) external onlyOwner {
        for (uint256 i = 0; i < to.length; i++) {
            _mint(to[i], amount);
        }
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        owner = newOwner;
    }

    function _mint(address to, uint256 amount) internal {
        if (to == address(0)) revert ZeroAddress();
        totalSupply += amount;
        balances[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function _transfer(address from, address to, uint256 amount) internal {
        if (to == address(0)) revert ZeroAddress();
        uint256 fromBalance = balances[from];
        if (fromBalance < amount) revert InsufficientBalance();
        unchecked {
            balances[from] = fromBalance - amount;
        }
        balances[to] += amount;
        emit Transfer(from, to, amount);
    }
}
