// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// A small contract with storage written by its constructor (fuzz only).
contract FuzzChild {
    uint256 public seed;
    address public creator;

    constructor(uint256 s) payable {
        seed = s;
        creator = msg.sender;
    }

    function bump() external {
        seed += 1;
    }
}

/// Deploys FuzzChild with CREATE and CREATE2 (fuzz only). CREATE2 with a salt used before fails
/// (address collision), which makes the whole call revert.
contract Deployer {
    address public last;
    uint256 public count;

    event Deployed(address child, bool create2);

    function create(uint256 s) external payable returns (address child) {
        child = address(new FuzzChild{value: msg.value}(s));
        last = child;
        count += 1;
        emit Deployed(child, false);
    }

    function create2(uint256 s, bytes32 salt) external payable returns (address child) {
        child = address(new FuzzChild{salt: salt, value: msg.value}(s));
        last = child;
        count += 1;
        emit Deployed(child, true);
    }
}
