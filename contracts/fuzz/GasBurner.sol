// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// Writes storage in a loop (fuzz only): with too little gas the transaction runs out of gas and
/// every write is undone.
contract GasBurner {
    mapping(uint256 => uint256) public cells;
    uint256 public rounds;

    function burn(uint256 n) external {
        for (uint256 i = 0; i < n; i++) {
            cells[i] = cells[i] + i + 1;
        }
        rounds += 1;
    }
}
