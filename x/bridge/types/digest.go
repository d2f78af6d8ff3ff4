package types

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// The digests below are the messages validators sign for the bridge contract
// (x/bridge/contracts/SessionBridge.sol computes the same ones). Each is the keccak256
// of the ABI encoding of a domain tag, the bridge id and the payload; the key
// signs its EIP-191 form ("\x19Ethereum Signed Message:\n32" ‖ digest), so any
// Ethereum wallet or HSM can produce the signature.
var (
	// WithdrawTag separates withdrawal digests from every other digest.
	WithdrawTag = crypto.Keccak256Hash([]byte("sessionchain.bridge.withdraw.v1"))
	// SignerSetTag separates signer-set update digests.
	SignerSetTag = crypto.Keccak256Hash([]byte("sessionchain.bridge.signerset.v1"))
	// PauseTag separates pause and unpause digests.
	PauseTag = crypto.Keccak256Hash([]byte("sessionchain.bridge.pause.v1"))
	// CapTag separates withdrawal-cap change digests.
	CapTag = crypto.Keccak256Hash([]byte("sessionchain.bridge.cap.v1"))
	// EvmKeyTag separates the proof that a validator holds an EVM key.
	EvmKeyTag = crypto.Keccak256Hash([]byte("sessionchain.bridge.evmkey.v1"))
)

var (
	abiUint256, _   = abi.NewType("uint256", "", nil)
	abiUint64, _    = abi.NewType("uint64", "", nil)
	abiAddress, _   = abi.NewType("address", "", nil)
	abiBytes32, _   = abi.NewType("bytes32", "", nil)
	abiBool, _      = abi.NewType("bool", "", nil)
	abiAddresses, _ = abi.NewType("address[]", "", nil)
	abiUint256s, _  = abi.NewType("uint256[]", "", nil)
)

// encodeHash returns keccak256(abi.encode(values...)) for the given types.
func encodeHash(types []abi.Type, values ...any) (common.Hash, error) {
	args := make(abi.Arguments, len(types))
	for i, t := range types {
		args[i] = abi.Argument{Type: t}
	}
	packed, err := args.Pack(values...)
	if err != nil {
		return common.Hash{}, fmt.Errorf("abi encode: %w", err)
	}
	return crypto.Keccak256Hash(packed), nil
}

// BridgeID binds every digest to one deployment:
// keccak256(abi.encode(evmChainId, bridgeContract, keccak256(bytes(bridgeName)))).
// The bridge name is a param fixed with the contract (not the Cosmos chain
// id, which an export and import may change). A signature for one EVM
// chain, contract or bridge is worthless on any other.
func BridgeID(evmChainID uint64, contract common.Address, bridgeName string) common.Hash {
	h, err := encodeHash([]abi.Type{abiUint256, abiAddress, abiBytes32},
		new(big.Int).SetUint64(evmChainID), contract, crypto.Keccak256Hash([]byte(bridgeName)))
	if err != nil {
		// The types are fixed above and the values always fit them.
		panic(err)
	}
	return h
}

// WithdrawDigest is what validators sign to release an outbound transfer:
// keccak256(abi.encode(WithdrawTag, bridgeId, uint64 transferId, address recipient, uint256 amount)).
func WithdrawDigest(bridgeID common.Hash, transferID uint64, recipient common.Address, amount *big.Int) common.Hash {
	h, err := encodeHash([]abi.Type{abiBytes32, abiBytes32, abiUint64, abiAddress, abiUint256},
		WithdrawTag, bridgeID, transferID, recipient, amount)
	if err != nil {
		panic(err)
	}
	return h
}

// SignerSetDigest is what the current signers sign to hand the contract over to a new set:
// keccak256(abi.encode(SignerSetTag, bridgeId, uint64 nonce, address[] signers, uint256[] powers)).
func SignerSetDigest(bridgeID common.Hash, nonce uint64, signers []common.Address, powers []*big.Int) common.Hash {
	h, err := encodeHash([]abi.Type{abiBytes32, abiBytes32, abiUint64, abiAddresses, abiUint256s},
		SignerSetTag, bridgeID, nonce, signers, powers)
	if err != nil {
		panic(err)
	}
	return h
}

// PauseDigest authorises pausing (paused = true) or unpausing the contract:
// keccak256(abi.encode(PauseTag, bridgeId, uint64 adminNonce, bool paused)).
func PauseDigest(bridgeID common.Hash, adminNonce uint64, paused bool) common.Hash {
	h, err := encodeHash([]abi.Type{abiBytes32, abiBytes32, abiUint64, abiBool},
		PauseTag, bridgeID, adminNonce, paused)
	if err != nil {
		panic(err)
	}
	return h
}

// CapDigest authorises a new withdrawal cap per 12-hour window:
// keccak256(abi.encode(CapTag, bridgeId, uint64 adminNonce, uint256 cap)).
func CapDigest(bridgeID common.Hash, adminNonce uint64, limit *big.Int) common.Hash {
	h, err := encodeHash([]abi.Type{abiBytes32, abiBytes32, abiUint64, abiUint256},
		CapTag, bridgeID, adminNonce, limit)
	if err != nil {
		panic(err)
	}
	return h
}

// EvmKeyDigest is what a validator's EVM key signs to prove the validator holds it:
// keccak256(abi.encode(EvmKeyTag, keccak256(bytes(cosmosChainId)), keccak256(bytes(valoper)))).
func EvmKeyDigest(cosmosChainID, valoper string) common.Hash {
	h, err := encodeHash([]abi.Type{abiBytes32, abiBytes32, abiBytes32},
		EvmKeyTag, crypto.Keccak256Hash([]byte(cosmosChainID)), crypto.Keccak256Hash([]byte(valoper)))
	if err != nil {
		panic(err)
	}
	return h
}

// SignedHash is the hash an EVM key actually signs for a digest: its EIP-191
// "personal message" form, as OpenZeppelin's MessageHashUtils.toEthSignedMessageHash computes it.
func SignedHash(digest common.Hash) []byte {
	return accounts.TextHash(digest.Bytes())
}
