// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IFuzzLenderToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// A tiny lending market over one FuzzToken (fuzz only): per-user deposits and debts, a shared
/// interest index accrued once per block, totals written by every action.
contract FuzzLender {
    IFuzzLenderToken public immutable token;
    mapping(address => uint256) public deposits;
    mapping(address => uint256) public debts;
    uint256 public totalDeposits;
    uint256 public totalDebt;
    uint256 public index = 1e18;
    uint256 public lastAccrual;

    event Deposit(address indexed user, uint256 amount);
    event Borrow(address indexed user, uint256 amount);
    event Repay(address indexed user, uint256 amount);

    constructor(IFuzzLenderToken t) {
        token = t;
        lastAccrual = block.timestamp;
    }

    function accrue() public {
        if (block.timestamp > lastAccrual) {
            index += (index * (block.timestamp - lastAccrual)) / 1e6;
            lastAccrual = block.timestamp;
        }
    }

    function deposit(uint256 amount) external {
        accrue();
        token.transferFrom(msg.sender, address(this), amount);
        deposits[msg.sender] += amount;
        totalDeposits += amount;
        emit Deposit(msg.sender, amount);
    }

    function borrow(uint256 amount) external {
        accrue();
        require(debts[msg.sender] + amount <= deposits[msg.sender] / 2, "collateral");
        debts[msg.sender] += amount;
        totalDebt += amount;
        token.transfer(msg.sender, amount);
        emit Borrow(msg.sender, amount);
    }

    function repay(uint256 amount) external {
        accrue();
        require(amount <= debts[msg.sender], "too much");
        token.transferFrom(msg.sender, address(this), amount);
        debts[msg.sender] -= amount;
        totalDebt -= amount;
        emit Repay(msg.sender, amount);
    }
}
