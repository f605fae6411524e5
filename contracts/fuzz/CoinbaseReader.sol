// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// Reads and pays the block beneficiary (fuzz only): these are the transactions whose fee credits
/// do not commute.
contract CoinbaseReader {
    uint256 public lastSeen;
    event Seen(uint256 balance);

    function record() external {
        lastSeen = block.coinbase.balance;
        emit Seen(lastSeen);
    }

    function tip() external payable {
        (bool ok, ) = block.coinbase.call{value: msg.value}("");
        require(ok, "tip");
    }
}
