// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// UniswapV3DriverMetaData contains all meta data concerning the UniswapV3Driver contract.
var UniswapV3DriverMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"pool\",\"type\":\"address\"},{\"internalType\":\"int24\",\"name\":\"tickLower\",\"type\":\"int24\"},{\"internalType\":\"int24\",\"name\":\"tickUpper\",\"type\":\"int24\"},{\"internalType\":\"uint128\",\"name\":\"amount\",\"type\":\"uint128\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"pool\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"zeroForOne\",\"type\":\"bool\"},{\"internalType\":\"int256\",\"name\":\"amountSpecified\",\"type\":\"int256\"},{\"internalType\":\"uint160\",\"name\":\"sqrtPriceLimitX96\",\"type\":\"uint160\"}],\"name\":\"swap\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount0Owed\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount1Owed\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"uniswapV3MintCallback\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"int256\",\"name\":\"amount0Delta\",\"type\":\"int256\"},{\"internalType\":\"int256\",\"name\":\"amount1Delta\",\"type\":\"int256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"uniswapV3SwapCallback\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "UniswapV3Driver",
	Bin: "0x6080604052348015600e575f5ffd5b5061072a8061001c5f395ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c8063b8cca34e1461004e578063c31b8d7a14610063578063d348799714610076578063fa461e3314610089575b5f5ffd5b61006161005c36600461048d565b61009c565b005b6100616100713660046104fa565b610136565b610061610084366004610584565b610189565b610061610097366004610584565b61019b565b604080516001600160a01b03861660208201819052338284018190528351808403850181526060840194859052633c8a7d8d60e01b9094529092633c8a7d8d926100ef9291889188918891606401610601565b60408051808303815f875af115801561010a573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061012e919061064d565b505050505050565b604080516001600160a01b03861660208201819052338284018190528351808403850181526060840194859052630251596160e31b909452909263128acb08926100ef929188918891889160640161066f565b610195828286866101be565b50505050565b61019582825f87136101ad575f6101af565b865b5f87136101bc575f6101be565b865b5f806101cc858701876106a9565b9092509050336001600160a01b0383161461022e5760405162461bcd60e51b815260206004820152601d60248201527f556e697377617056334472697665723a206e6f742074686520706f6f6c00000060448201526064015b60405180910390fd5b831561034757816001600160a01b0316630dfe16816040518163ffffffff1660e01b8152600401602060405180830381865afa158015610270573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061029491906106e0565b6040516323b872dd60e01b81526001600160a01b03838116600483015284811660248301526044820187905291909116906323b872dd906064016020604051808303815f875af11580156102ea573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061030e9190610702565b6103475760405162461bcd60e51b815260206004820152600a602482015269070617920746f6b656e360b41b6044820152606401610225565b821561012e57816001600160a01b031663d21220a76040518163ffffffff1660e01b8152600401602060405180830381865afa158015610389573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103ad91906106e0565b6040516323b872dd60e01b81526001600160a01b03838116600483015284811660248301526044820186905291909116906323b872dd906064016020604051808303815f875af1158015610403573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104279190610702565b61012e5760405162461bcd60e51b815260206004820152600a60248201526970617920746f6b656e3160b01b6044820152606401610225565b6001600160a01b0381168114610474575f5ffd5b50565b8035600281900b8114610488575f5ffd5b919050565b5f5f5f5f608085870312156104a0575f5ffd5b84356104ab81610460565b93506104b960208601610477565b92506104c760408601610477565b915060608501356001600160801b03811681146104e2575f5ffd5b939692955090935050565b8015158114610474575f5ffd5b5f5f5f5f6080858703121561050d575f5ffd5b843561051881610460565b93506020850135610528816104ed565b92506040850135915060608501356104e281610460565b5f5f83601f84011261054f575f5ffd5b50813567ffffffffffffffff811115610566575f5ffd5b60208301915083602082850101111561057d575f5ffd5b9250929050565b5f5f5f5f60608587031215610597575f5ffd5b8435935060208501359250604085013567ffffffffffffffff8111156105bb575f5ffd5b6105c78782880161053f565b95989497509550505050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b60018060a01b03861681528460020b60208201528360020b60408201526001600160801b038316606082015260a060808201525f61064260a08301846105d3565b979650505050505050565b5f5f6040838503121561065e575f5ffd5b505080516020909101519092909150565b6001600160a01b0386811682528515156020830152604082018590528316606082015260a0608082018190525f90610642908301846105d3565b5f5f604083850312156106ba575f5ffd5b82356106c581610460565b915060208301356106d581610460565b809150509250929050565b5f602082840312156106f0575f5ffd5b81516106fb81610460565b9392505050565b5f60208284031215610712575f5ffd5b81516106fb816104ed56fea164736f6c6343000825000a",
}

// UniswapV3Driver is an auto generated Go binding around an Ethereum contract.
type UniswapV3Driver struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *UniswapV3Driver) GetABI() abi.ABI {
	return c.abi
}

// NewUniswapV3Driver creates a new instance of UniswapV3Driver.
func NewUniswapV3Driver() *UniswapV3Driver {
	parsed, err := UniswapV3DriverMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &UniswapV3Driver{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *UniswapV3Driver) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb8cca34e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address pool, int24 tickLower, int24 tickUpper, uint128 amount) returns()
func (uniswapV3Driver *UniswapV3Driver) PackMint(pool common.Address, tickLower *big.Int, tickUpper *big.Int, amount *big.Int) []byte {
	enc, err := uniswapV3Driver.abi.Pack("mint", pool, tickLower, tickUpper, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb8cca34e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address pool, int24 tickLower, int24 tickUpper, uint128 amount) returns()
func (uniswapV3Driver *UniswapV3Driver) TryPackMint(pool common.Address, tickLower *big.Int, tickUpper *big.Int, amount *big.Int) ([]byte, error) {
	return uniswapV3Driver.abi.Pack("mint", pool, tickLower, tickUpper, amount)
}

// PackSwap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc31b8d7a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function swap(address pool, bool zeroForOne, int256 amountSpecified, uint160 sqrtPriceLimitX96) returns()
func (uniswapV3Driver *UniswapV3Driver) PackSwap(pool common.Address, zeroForOne bool, amountSpecified *big.Int, sqrtPriceLimitX96 *big.Int) []byte {
	enc, err := uniswapV3Driver.abi.Pack("swap", pool, zeroForOne, amountSpecified, sqrtPriceLimitX96)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSwap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc31b8d7a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function swap(address pool, bool zeroForOne, int256 amountSpecified, uint160 sqrtPriceLimitX96) returns()
func (uniswapV3Driver *UniswapV3Driver) TryPackSwap(pool common.Address, zeroForOne bool, amountSpecified *big.Int, sqrtPriceLimitX96 *big.Int) ([]byte, error) {
	return uniswapV3Driver.abi.Pack("swap", pool, zeroForOne, amountSpecified, sqrtPriceLimitX96)
}

// PackUniswapV3MintCallback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd3487997.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function uniswapV3MintCallback(uint256 amount0Owed, uint256 amount1Owed, bytes data) returns()
func (uniswapV3Driver *UniswapV3Driver) PackUniswapV3MintCallback(amount0Owed *big.Int, amount1Owed *big.Int, data []byte) []byte {
	enc, err := uniswapV3Driver.abi.Pack("uniswapV3MintCallback", amount0Owed, amount1Owed, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUniswapV3MintCallback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd3487997.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function uniswapV3MintCallback(uint256 amount0Owed, uint256 amount1Owed, bytes data) returns()
func (uniswapV3Driver *UniswapV3Driver) TryPackUniswapV3MintCallback(amount0Owed *big.Int, amount1Owed *big.Int, data []byte) ([]byte, error) {
	return uniswapV3Driver.abi.Pack("uniswapV3MintCallback", amount0Owed, amount1Owed, data)
}

// PackUniswapV3SwapCallback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfa461e33.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes data) returns()
func (uniswapV3Driver *UniswapV3Driver) PackUniswapV3SwapCallback(amount0Delta *big.Int, amount1Delta *big.Int, data []byte) []byte {
	enc, err := uniswapV3Driver.abi.Pack("uniswapV3SwapCallback", amount0Delta, amount1Delta, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUniswapV3SwapCallback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfa461e33.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes data) returns()
func (uniswapV3Driver *UniswapV3Driver) TryPackUniswapV3SwapCallback(amount0Delta *big.Int, amount1Delta *big.Int, data []byte) ([]byte, error) {
	return uniswapV3Driver.abi.Pack("uniswapV3SwapCallback", amount0Delta, amount1Delta, data)
}
