// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// Self-destructs on request (fuzz only). Since Cancun (EIP-6780) an existing contract only sends
/// its balance.
contract SelfDestructor {
    uint256 public value = 7;

    constructor(address payable to) payable {
        if (to == address(1)) selfdestruct(to);
    }

    receive() external payable {}

    function destroy(address payable to) external {
        selfdestruct(to);
    }
}

/// Created and destroyed within one transaction, so the account is deleted (EIP-6780). A separate
/// contract from SelfDestructor on purpose: EDR 0.22 drops the code of every account sharing the
/// deleted account's code hash (found by this fuzzer), so the two must not share code.
contract EphemeralDestructor {
    uint256 public value = 9;

    constructor(bool destroyNow, address payable to) payable {
        if (destroyNow) selfdestruct(to);
    }

    function destroy(address payable to) external {
        selfdestruct(to);
    }
}

/// Creates EphemeralDestructors and destroys them in the same transaction (fuzz only).
contract SelfDestructFactory {
    event Made(address made);

    /// Destroyed by its own constructor.
    function createAndDestroy(address payable to) external payable {
        EphemeralDestructor made = new EphemeralDestructor{value: msg.value}(true, to);
        emit Made(address(made));
    }

    /// Created, then destroyed by a later call in the same transaction.
    function createThenDestroy(address payable to) external payable {
        EphemeralDestructor made = new EphemeralDestructor{value: msg.value}(false, to);
        made.destroy(to);
        emit Made(address(made));
    }
}
