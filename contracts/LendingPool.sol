// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Token} from "./Token.sol";

/// @title LendingPool — a single-asset money market in the style of Compound/Aave.
///
/// Users deposit the asset (earning interest), borrow it against their own deposit (up to
/// `COLLATERAL_FACTOR` of it), repay and withdraw. Interest accrues every second at a fixed
/// borrow rate; depositors receive all of it. Positions are stored scaled by two indexes
/// (`supplyIndex`, `borrowIndex`), so a user's balance grows without touching their slot.
///
/// Parallel execution:
/// - Hurts: every action calls `accrue()`, which reads `lastAccrual`; the first action of a block
///   (when time moved) writes `lastAccrual`, `borrowIndex`, `supplyIndex`, `totalBorrows` and
///   `totalDeposits`. Every later action in the block reads the indexes written by the first one.
/// - Hurts most: `totalDeposits` (deposit/withdraw) and `totalBorrows` (borrow/repay) are
///   read-modify-written by every action, so all deposits serialize with each other, and so do
///   all borrows. Nothing a user does depends on these totals except the interest accrual —
///   the classic "global accounting counter" hotspot.
/// - Hurts: every action moves tokens in or out, writing `Token.balances[pool]`; borrow and
///   withdraw also read it (available cash).
/// - Good: `positions[user]` is per user; two users' positions never conflict.
contract LendingPool {
    uint256 private constant WAD = 1e18;
    /// 10% a year, per second, in WAD.
    uint256 public constant BORROW_RATE_PER_SECOND = uint256(0.1e18) / 365 days;
    /// A user may borrow up to 75% of their own deposit.
    uint256 public constant COLLATERAL_FACTOR = 0.75e18;

    /// Per-user position, scaled: `deposit * supplyIndex / WAD` is the deposit with interest,
    /// `debt * borrowIndex / WAD` the debt with interest.
    struct Position {
        uint256 deposit;
        uint256 debt;
    }

    Token public immutable asset;

    uint256 public totalDeposits; // underlying, including accrued interest
    uint256 public totalBorrows; // underlying, including accrued interest
    uint256 public supplyIndex = WAD;
    uint256 public borrowIndex = WAD;
    uint256 public lastAccrual;

    mapping(address user => Position) public positions;

    event Accrued(uint256 interest, uint256 supplyIndex, uint256 borrowIndex);
    event Deposit(address indexed user, uint256 amount);
    event Withdraw(address indexed user, uint256 amount);
    event Borrow(address indexed user, uint256 amount);
    event Repay(address indexed user, uint256 amount);

    error ZeroAmount();
    error InsufficientDeposit();
    error InsufficientCash();
    error Undercollateralized();
    error TransferFailed();

    constructor(Token asset_) {
        asset = asset_;
        lastAccrual = block.timestamp;
    }

    // ---------------------------------------------------------------- views

    function depositOf(address user) public view returns (uint256) {
        return (positions[user].deposit * supplyIndex) / WAD;
    }

    function debtOf(address user) public view returns (uint256) {
        return _ceilDiv(positions[user].debt * borrowIndex, WAD);
    }

    /// Tokens held by the pool and not lent out.
    function cash() public view returns (uint256) {
        return asset.balanceOf(address(this));
    }

    // ---------------------------------------------------------------- actions

    /// Brings interest up to date. A no-op (reads only) when already accrued in this block.
    function accrue() public {
        uint256 elapsed = block.timestamp - lastAccrual;
        if (elapsed == 0) return;
        lastAccrual = block.timestamp;

        uint256 borrows = totalBorrows;
        if (borrows == 0) return;
        uint256 growth = BORROW_RATE_PER_SECOND * elapsed; // WAD
        uint256 interest = (borrows * growth) / WAD;
        totalBorrows = borrows + interest;
        borrowIndex += (borrowIndex * growth) / WAD;

        uint256 deposits = totalDeposits;
        if (deposits > 0) {
            supplyIndex += (supplyIndex * interest) / deposits;
            totalDeposits = deposits + interest;
        }
        emit Accrued(interest, supplyIndex, borrowIndex);
    }

    function deposit(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        accrue();
        positions[msg.sender].deposit += (amount * WAD) / supplyIndex;
        totalDeposits += amount; // global write: every deposit
        _pull(amount);
        emit Deposit(msg.sender, amount);
    }

    /// Withdraws `amount` of the caller's deposit (`type(uint256).max`: all of it).
    function withdraw(uint256 amount) external {
        accrue();
        Position storage p = positions[msg.sender];
        if (amount == type(uint256).max) amount = depositOf(msg.sender);
        if (amount == 0) revert ZeroAmount();
        uint256 scaled = _ceilDiv(amount * WAD, supplyIndex);
        if (scaled > p.deposit) {
            // Rounding: allow withdrawing the whole deposit.
            if (amount > depositOf(msg.sender)) revert InsufficientDeposit();
            scaled = p.deposit;
        }
        p.deposit -= scaled;
        totalDeposits -= _min(amount, totalDeposits); // global write: every withdrawal
        if (!_healthy(p)) revert Undercollateralized();
        _send(amount);
        emit Withdraw(msg.sender, amount);
    }

    function borrow(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        accrue();
        Position storage p = positions[msg.sender];
        p.debt += _ceilDiv(amount * WAD, borrowIndex);
        totalBorrows += amount; // global write: every borrow
        if (!_healthy(p)) revert Undercollateralized();
        _send(amount);
        emit Borrow(msg.sender, amount);
    }

    /// Repays up to `amount` of the caller's debt (`type(uint256).max`: all of it).
    function repay(uint256 amount) external {
        accrue();
        Position storage p = positions[msg.sender];
        uint256 owed = debtOf(msg.sender);
        if (amount > owed) amount = owed;
        if (amount == 0) revert ZeroAmount();
        uint256 scaled = amount == owed ? p.debt : (amount * WAD) / borrowIndex;
        p.debt -= scaled;
        totalBorrows -= _min(amount, totalBorrows); // global write: every repayment
        _pull(amount);
        emit Repay(msg.sender, amount);
    }

    // ---------------------------------------------------------------- internals

    function _healthy(Position storage p) private view returns (bool) {
        uint256 debt = _ceilDiv(p.debt * borrowIndex, WAD);
        uint256 collateral = (p.deposit * supplyIndex) / WAD;
        return debt * WAD <= collateral * COLLATERAL_FACTOR;
    }

    function _pull(uint256 amount) private {
        if (!asset.transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
    }

    function _send(uint256 amount) private {
        if (cash() < amount) revert InsufficientCash();
        if (!asset.transfer(msg.sender, amount)) revert TransferFailed();
    }

    function _ceilDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
