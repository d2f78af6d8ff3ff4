// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

/// @dev The ERC-20 call the driver makes.
interface IERC20Pay {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @dev The part of v3-core's IUniswapV3Pool the driver calls.
interface IUniswapV3PoolActions {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function mint(address recipient, int24 tickLower, int24 tickUpper, uint128 amount, bytes calldata data)
        external
        returns (uint256 amount0, uint256 amount1);
    function swap(
        address recipient,
        bool zeroForOne,
        int256 amountSpecified,
        uint160 sqrtPriceLimitX96,
        bytes calldata data
    ) external returns (int256 amount0, int256 amount1);
}

/// @title UniswapV3Driver
/// @notice Adds liquidity to and swaps in a Uniswap V3 pool for tests: a pool pays out first and
/// calls back for what it is owed, which an externally owned account cannot answer. The caller
/// approves this contract for both tokens; the pool is paid from the caller's balance. Not for
/// production: it trusts any pool it is pointed at.
contract UniswapV3Driver {
    /// @notice Adds `amount` of liquidity between two ticks, owned by the caller.
    function mint(address pool, int24 tickLower, int24 tickUpper, uint128 amount) external {
        IUniswapV3PoolActions(pool).mint(msg.sender, tickLower, tickUpper, amount, abi.encode(pool, msg.sender));
    }

    /// @notice Swaps in the pool for the caller: `amountSpecified` > 0 is exactly that much in,
    /// < 0 exactly that much out, stopping at `sqrtPriceLimitX96`.
    function swap(address pool, bool zeroForOne, int256 amountSpecified, uint160 sqrtPriceLimitX96) external {
        IUniswapV3PoolActions(pool).swap(msg.sender, zeroForOne, amountSpecified, sqrtPriceLimitX96, abi.encode(pool, msg.sender));
    }

    /// @notice The pool's callback after mint: pays what the position owes.
    function uniswapV3MintCallback(uint256 amount0Owed, uint256 amount1Owed, bytes calldata data) external {
        _pay(data, amount0Owed, amount1Owed);
    }

    /// @notice The pool's callback after swap: pays the positive delta.
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata data) external {
        _pay(data, amount0Delta > 0 ? uint256(amount0Delta) : 0, amount1Delta > 0 ? uint256(amount1Delta) : 0);
    }

    function _pay(bytes calldata data, uint256 amount0, uint256 amount1) private {
        (address pool, address payer) = abi.decode(data, (address, address));
        require(msg.sender == pool, "UniswapV3Driver: not the pool");
        if (amount0 > 0) {
            require(IERC20Pay(IUniswapV3PoolActions(pool).token0()).transferFrom(payer, pool, amount0), "pay token0");
        }
        if (amount1 > 0) {
            require(IERC20Pay(IUniswapV3PoolActions(pool).token1()).transferFrom(payer, pool, amount1), "pay token1");
        }
    }
}
