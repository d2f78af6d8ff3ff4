// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestUSDC
/// @notice A stand-in for USDC on test chains: an ERC-20 with 6 decimals, its whole supply minted to
/// the deployer. Not for production.
contract TestUSDC is ERC20 {
    /// @notice Deploys the token and mints `initialSupply` base units (6 decimals) to the deployer.
    constructor(uint256 initialSupply) ERC20("Test USD Coin", "USDC") {
        _mint(msg.sender, initialSupply);
    }

    /// @notice USDC's 6 decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
