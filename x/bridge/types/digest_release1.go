package types

import (
	"math/big"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Release 1's contract (x/bridge/contracts/release1/SessionBridge.sol)
// checks EIP-191 signatures over keccak256(abi.encode(tag, bridgeId, ...))
// with a bridge id that hashed the Cosmos chain id. Release 2 signs only for
// it once: the sweep of a retired contract (RetiredContract).
var (
	release1WithdrawTag = crypto.Keccak256Hash([]byte("sessionchain.bridge.withdraw.v1"))
	release1PauseTag    = crypto.Keccak256Hash([]byte("sessionchain.bridge.pause.v1"))
	release1CapTag      = crypto.Keccak256Hash([]byte("sessionchain.bridge.cap.v1"))
)

// The sweep's operations, as the nonces of their signatures.
const (
	SweepOpCap      uint64 = 1
	SweepOpWithdraw uint64 = 2
	SweepOpPause    uint64 = 3
)

// Release1BridgeID is release 1's bridge id:
// keccak256(abi.encode(evmChainId, contract, keccak256(bytes(cosmosChainId)))).
func Release1BridgeID(evmChainID uint64, contract common.Address, cosmosChainID string) common.Hash {
	return words{}.uint64(evmChainID).address(contract).hash(crypto.Keccak256Hash([]byte(cosmosChainID))).keccak()
}

// Release1WithdrawDigest is release 1's withdrawal digest:
// keccak256(abi.encode(WITHDRAW_TAG, bridgeId, uint64 transferId, address recipient, uint256 amount)).
func Release1WithdrawDigest(bridgeID common.Hash, transferID uint64, recipient common.Address, amount *big.Int) common.Hash {
	return words{}.hash(release1WithdrawTag).hash(bridgeID).uint64(transferID).address(recipient).uint(amount).keccak()
}

// Release1PauseDigest is release 1's pause digest:
// keccak256(abi.encode(PAUSE_TAG, bridgeId, uint64 adminNonce, bool paused)).
func Release1PauseDigest(bridgeID common.Hash, adminNonce uint64, paused bool) common.Hash {
	return words{}.hash(release1PauseTag).hash(bridgeID).uint64(adminNonce).bool(paused).keccak()
}

// Release1CapDigest is release 1's withdrawal-cap digest:
// keccak256(abi.encode(CAP_TAG, bridgeId, uint64 adminNonce, uint256 cap)).
func Release1CapDigest(bridgeID common.Hash, adminNonce uint64, limit *big.Int) common.Hash {
	return words{}.hash(release1CapTag).hash(bridgeID).uint64(adminNonce).uint(limit).keccak()
}

// Release1SignedHash is the hash a key signs for a release-1 digest: its
// EIP-191 personal-message form.
func Release1SignedHash(digest common.Hash) common.Hash {
	return common.BytesToHash(accounts.TextHash(digest.Bytes()))
}

// SweepDigests are the release-1 digests of a retired contract's sweep
// (before the EIP-191 prefix), by operation.
func (r RetiredContract) SweepDigests() (capRaise, withdraw, pause common.Hash) {
	id := Release1BridgeID(r.EvmChainId, common.HexToAddress(r.ContractAddress), r.CosmosChainId)
	amount := r.Amount.BigInt()
	return Release1CapDigest(id, r.AdminNonce+1, amount),
		Release1WithdrawDigest(id, r.SweepId, common.HexToAddress(r.Recipient), amount),
		Release1PauseDigest(id, r.AdminNonce+2, true)
}
