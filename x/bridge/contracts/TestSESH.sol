// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestSESH
/// @notice A stand-in for SESH on development and test chains: an ERC-20 with 9 decimals whose
/// deployer may mint at will. Not for production.
contract TestSESH is ERC20, Ownable {
    /// @notice Deploys the token and mints `initialSupply` to the deployer, who becomes its owner.
    /// @param initialSupply Amount minted to the deployer, in base units (9 decimals).
    constructor(uint256 initialSupply) ERC20("Test Session Token", "SESH") Ownable(msg.sender) {
        _mint(msg.sender, initialSupply);
    }

    /// @notice Mints `amount` base units to `to`; only the owner (the deployer) may.
    /// @param to Account to credit.
    /// @param amount Amount to mint.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice SESH has 9 decimals, like the Session Token chain's denomination.
    /// @return The number of decimals, 9.
    function decimals() public pure override returns (uint8) {
        return 9;
    }
}
