package types

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// The digests below are what validators sign for the bridge contract
// (x/bridge/contracts/SessionBridge.sol computes the same ones): EIP-712
// typed data, keccak256("\x19\x01" ‖ domainSeparator ‖ hashStruct(message)),
// so a wallet or an HSM shows its holder what it signs. The domain is
// (name "SessionBridge", version "2", EVM chain id, contract, salt
// keccak256(bridge name)); the chain calls its separator the bridge id.
// Keys sign the digest itself (no EIP-191 prefix).
var (
	// DomainTypeHash is the EIP-712 type of the bridge's domain.
	DomainTypeHash = crypto.Keccak256Hash([]byte("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)"))
	// TransferTypeHash is the EIP-712 type of one transfer of a batch.
	TransferTypeHash = crypto.Keccak256Hash([]byte("Transfer(uint64 id,address recipient,uint256 amount,uint256 fee)"))
	// BatchTypeHash is the EIP-712 type of a batch of transfers.
	BatchTypeHash = crypto.Keccak256Hash([]byte("Batch(uint64 nonce,uint64 deadline,Transfer[] transfers)Transfer(uint64 id,address recipient,uint256 amount,uint256 fee)"))
	// SignerSetTypeHash is the EIP-712 type of a signer-set hand-over.
	SignerSetTypeHash = crypto.Keccak256Hash([]byte("SignerSet(uint64 nonce,address[] signers,uint256[] powers,uint256 totalPower)"))
	// PauseTypeHash is the EIP-712 type of a pause or unpause.
	PauseTypeHash = crypto.Keccak256Hash([]byte("SetPaused(uint64 nonce,bool paused)"))
	// CapTypeHash is the EIP-712 type of a withdrawal-cap change.
	CapTypeHash = crypto.Keccak256Hash([]byte("SetWithdrawalCap(uint64 nonce,uint256 limit,uint256 period)"))

	// ProofDomainTypeHash is the EIP-712 type of the domain of key proofs,
	// which belong to no contract.
	ProofDomainTypeHash = crypto.Keccak256Hash([]byte("EIP712Domain(string name,string version)"))
	// EvmKeyProofTypeHash is the EIP-712 type of the proof that a validator
	// holds an EVM key.
	EvmKeyProofTypeHash = crypto.Keccak256Hash([]byte("EvmKeyProof(string chainId,string validator,string delegate)"))

	domainName    = crypto.Keccak256Hash([]byte("SessionBridge"))
	domainVersion = crypto.Keccak256Hash([]byte("2"))
)

// words is the ABI encoding of static values: one 32-byte word each.
type words []byte

func (w words) hash(v common.Hash) words { return append(w, v[:]...) }

func (w words) uint(v *big.Int) words {
	var b [32]byte
	v.FillBytes(b[:])
	return append(w, b[:]...)
}

func (w words) uint64(v uint64) words { return w.uint(new(big.Int).SetUint64(v)) }

func (w words) address(a common.Address) words { return w.hash(common.BytesToHash(a.Bytes())) }

func (w words) bool(v bool) words {
	if v {
		return w.uint64(1)
	}
	return w.uint64(0)
}

func (w words) keccak() common.Hash { return crypto.Keccak256Hash(w) }

// BridgeID is the EIP-712 domain separator of one deployment: it binds
// every digest to the EVM chain, the contract and the bridge name. The
// bridge name is a param fixed with the contract (not the Cosmos chain id,
// which an export and import may change). A signature for one EVM chain,
// contract or bridge is worthless on any other.
func BridgeID(evmChainID uint64, contract common.Address, bridgeName string) common.Hash {
	return words{}.hash(DomainTypeHash).hash(domainName).hash(domainVersion).
		uint64(evmChainID).address(contract).hash(crypto.Keccak256Hash([]byte(bridgeName))).keccak()
}

// typedDigest is the EIP-712 digest of a struct hash in a domain.
func typedDigest(domain, structHash common.Hash) common.Hash {
	return crypto.Keccak256Hash([]byte{0x19, 0x01}, domain[:], structHash[:])
}

// EvmTransfer is a transfer as a batch carries it to the contract.
type EvmTransfer struct {
	ID        uint64
	Recipient common.Address
	Amount    *big.Int
	Fee       *big.Int
}

// BatchDigest is what validators sign to release a batch of transfers:
// the EIP-712 digest of Batch(nonce, deadline, transfers).
func BatchDigest(bridgeID common.Hash, nonce, deadline uint64, transfers []EvmTransfer) common.Hash {
	hashes := make(words, 0, 32*len(transfers))
	for _, t := range transfers {
		hashes = hashes.hash(words{}.hash(TransferTypeHash).uint64(t.ID).address(t.Recipient).uint(t.Amount).uint(t.Fee).keccak())
	}
	return typedDigest(bridgeID, words{}.hash(BatchTypeHash).uint64(nonce).uint64(deadline).hash(hashes.keccak()).keccak())
}

// SignerSetDigest is what the current signers sign to hand the contract
// over to a new set: the EIP-712 digest of SignerSet(nonce, signers,
// powers, totalPower).
func SignerSetDigest(bridgeID common.Hash, nonce uint64, signers []common.Address, powers []*big.Int, totalPower *big.Int) common.Hash {
	addrs := make(words, 0, 32*len(signers))
	for _, s := range signers {
		addrs = addrs.address(s)
	}
	pows := make(words, 0, 32*len(powers))
	for _, p := range powers {
		pows = pows.uint(p)
	}
	return typedDigest(bridgeID, words{}.hash(SignerSetTypeHash).uint64(nonce).hash(addrs.keccak()).hash(pows.keccak()).uint(totalPower).keccak())
}

// PauseDigest authorises pausing (paused = true) or unpausing the contract:
// the EIP-712 digest of SetPaused(adminNonce, paused).
func PauseDigest(bridgeID common.Hash, adminNonce uint64, paused bool) common.Hash {
	return typedDigest(bridgeID, words{}.hash(PauseTypeHash).uint64(adminNonce).bool(paused).keccak())
}

// CapDigest authorises a new withdrawal cap (a bucket of limit that drains
// in period seconds): the EIP-712 digest of SetWithdrawalCap(adminNonce,
// limit, period).
func CapDigest(bridgeID common.Hash, adminNonce uint64, limit, period *big.Int) common.Hash {
	return typedDigest(bridgeID, words{}.hash(CapTypeHash).uint64(adminNonce).uint(limit).uint(period).keccak())
}

// EvmKeyDigest is what a validator's EVM key signs to prove the validator
// holds it and names delegate as the account that sends its bridge
// messages: the EIP-712 digest of EvmKeyProof(chainId, validator, delegate)
// in the domain (name "SessionBridge", version "2").
func EvmKeyDigest(cosmosChainID, valoper, delegate string) common.Hash {
	domain := words{}.hash(ProofDomainTypeHash).hash(domainName).hash(domainVersion).keccak()
	return typedDigest(domain, words{}.hash(EvmKeyProofTypeHash).
		hash(crypto.Keccak256Hash([]byte(cosmosChainID))).
		hash(crypto.Keccak256Hash([]byte(valoper))).
		hash(crypto.Keccak256Hash([]byte(delegate))).keccak())
}
