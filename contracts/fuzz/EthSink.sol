// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// Accepts ETH and counts deposits (fuzz only); `forward` pays an EOA, `peek` reads balances and
/// code of other accounts.
contract EthSink {
    uint256 public deposits;
    mapping(address => uint256) public paid;

    receive() external payable {
        deposits += 1;
        paid[msg.sender] += msg.value;
    }

    function forward(address payable to, uint256 amount) external {
        require(address(this).balance >= amount, "empty");
        to.transfer(amount);
    }

    function peek(address who) external view returns (uint256 balance, uint256 size, bytes32 hash) {
        balance = who.balance;
        size = who.code.length;
        hash = who.codehash;
    }

    function peekAndStore(address who) external {
        deposits += who.balance % 7 + who.code.length % 5;
    }
}
