// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestFeeToken
/// @notice A test-only ERC-20 that burns 1% of every transfer between two accounts, as
/// fee-on-transfer tokens do: what a recipient gets is less than what the sender sends. The bridge's
/// tests deposit it to check that a deposit credits what the bridge received. Not for production.
contract TestFeeToken is ERC20 {
    /// @notice Deploys the token and mints `initialSupply` to the deployer.
    /// @param initialSupply Amount minted to the deployer, in base units (9 decimals).
    constructor(uint256 initialSupply) ERC20("Test Fee Token", "FEE") {
        _mint(msg.sender, initialSupply);
    }

    /// @notice 9 decimals, like SESH.
    /// @return The number of decimals, 9.
    function decimals() public pure override returns (uint8) {
        return 9;
    }

    /// @dev Burns 1% (rounded down) of a transfer between two accounts; mints and burns move in full.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}
