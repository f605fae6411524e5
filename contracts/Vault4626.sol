// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Token} from "./Token.sol";

/// @title Vault4626 — an ERC4626-style tokenized vault over one `Token`.
///
/// Shares are this contract's own ERC20 balances. `totalAssets()` is the vault's balance of the
/// asset, so the share price is `totalAssets / totalSupply` (with a virtual share and asset of 1,
/// which blunts the first-depositor inflation attack).
///
/// Parallel execution:
/// - Hurts: every deposit/mint/withdraw/redeem reads both `totalSupply` and the vault's asset balance
///   (`Token.balances[vault]`) to price shares, and writes both. So every vault operation reads
///   what the previous one wrote: all of them serialize — the share price is a global that each
///   operation changes.
/// - Good: share balances (`balanceOf[user]`) and the users' asset balances are per user.
/// - A fix would need a different design (e.g. batching deposits per epoch at one price, or
///   per-user sub-accounts settled later); an ERC4626 vault is inherently a hotspot.
contract Vault4626 {
    Token public immutable asset;
    string public name;
    string public symbol;
    uint8 public constant decimals = 18;

    uint256 public totalSupply;
    mapping(address account => uint256) public balanceOf;
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);
    event Withdraw(
        address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares
    );

    error ZeroShares();
    error ZeroAssets();
    error InsufficientShares();
    error InsufficientAllowance();
    error TransferFailed();

    constructor(Token asset_, string memory name_, string memory symbol_) {
        asset = asset_;
        name = name_;
        symbol = symbol_;
    }

    // ---------------------------------------------------------------- ERC20 (shares)

    function transfer(address to, uint256 shares) external returns (bool) {
        _moveShares(msg.sender, to, shares);
        return true;
    }

    function approve(address spender, uint256 shares) external returns (bool) {
        allowance[msg.sender][spender] = shares;
        emit Approval(msg.sender, spender, shares);
        return true;
    }

    function transferFrom(address from, address to, uint256 shares) external returns (bool) {
        _spendAllowance(from, shares);
        _moveShares(from, to, shares);
        return true;
    }

    // ---------------------------------------------------------------- ERC4626 views

    function totalAssets() public view returns (uint256) {
        return asset.balanceOf(address(this));
    }

    function convertToShares(uint256 assets) public view returns (uint256) {
        return (assets * (totalSupply + 1)) / (totalAssets() + 1);
    }

    function convertToAssets(uint256 shares) public view returns (uint256) {
        return (shares * (totalAssets() + 1)) / (totalSupply + 1);
    }

    function previewDeposit(uint256 assets) public view returns (uint256) {
        return convertToShares(assets); // rounds down: in the vault's favour
    }

    function previewMint(uint256 shares) public view returns (uint256) {
        return _ceilDiv(shares * (totalAssets() + 1), totalSupply + 1); // rounds up
    }

    function previewWithdraw(uint256 assets) public view returns (uint256) {
        return _ceilDiv(assets * (totalSupply + 1), totalAssets() + 1); // rounds up
    }

    function previewRedeem(uint256 shares) public view returns (uint256) {
        return convertToAssets(shares); // rounds down
    }

    function maxWithdraw(address owner) external view returns (uint256) {
        return convertToAssets(balanceOf[owner]);
    }

    function maxRedeem(address owner) external view returns (uint256) {
        return balanceOf[owner];
    }

    // ---------------------------------------------------------------- ERC4626 actions

    /// Pulls `assets` from the caller and mints the corresponding shares to `receiver`.
    function deposit(uint256 assets, address receiver) external returns (uint256 shares) {
        shares = previewDeposit(assets);
        if (shares == 0) revert ZeroShares();
        _enter(receiver, assets, shares);
    }

    /// Mints exactly `shares` to `receiver`, pulling the assets they cost from the caller.
    function mint(uint256 shares, address receiver) external returns (uint256 assets) {
        assets = previewMint(shares);
        _enter(receiver, assets, shares);
    }

    /// Burns the shares of `owner` worth `assets` and sends `assets` to `receiver`.
    function withdraw(uint256 assets, address receiver, address owner) external returns (uint256 shares) {
        shares = previewWithdraw(assets);
        _exit(receiver, owner, assets, shares);
    }

    /// Burns `shares` of `owner` and sends the assets they are worth to `receiver`.
    function redeem(uint256 shares, address receiver, address owner) external returns (uint256 assets) {
        assets = previewRedeem(shares);
        if (assets == 0) revert ZeroAssets();
        _exit(receiver, owner, assets, shares);
    }

    // ---------------------------------------------------------------- internals

    function _enter(address receiver, uint256 assets, uint256 shares) private {
        if (!asset.transferFrom(msg.sender, address(this), assets)) revert TransferFailed();
        totalSupply += shares; // global write: every deposit
        balanceOf[receiver] += shares;
        emit Transfer(address(0), receiver, shares);
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    function _exit(address receiver, address owner, uint256 assets, uint256 shares) private {
        if (msg.sender != owner) _spendAllowance(owner, shares);
        if (balanceOf[owner] < shares) revert InsufficientShares();
        balanceOf[owner] -= shares;
        totalSupply -= shares; // global write: every withdrawal
        emit Transfer(owner, address(0), shares);
        if (!asset.transfer(receiver, assets)) revert TransferFailed();
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
    }

    function _moveShares(address from, address to, uint256 shares) private {
        if (balanceOf[from] < shares) revert InsufficientShares();
        balanceOf[from] -= shares;
        balanceOf[to] += shares;
        emit Transfer(from, to, shares);
    }

    function _spendAllowance(address owner, uint256 shares) private {
        uint256 allowed = allowance[owner][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < shares) revert InsufficientAllowance();
            allowance[owner][msg.sender] = allowed - shares;
        }
    }

    function _ceilDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
