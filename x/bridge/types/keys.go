// Package types holds the state types, messages, events, params and errors of
// the bridge module, and the digests validators sign for the bridge contract.
package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module and of its module account, which
	// mints for deposits and burns for bridge-outs.
	ModuleName = "bridge"

	// StoreKey is the store key of the module.
	StoreKey = ModuleName

	// Denom is the base denomination of SESH; one nsesh is one base unit of
	// the ERC-20, so the bridge never converts.
	Denom = "nsesh"

	// MaxRecipientLength is the longest deposit recipient the contract accepts.
	MaxRecipientLength = 128

	// MaxPendingListed bounds the lists of the PendingSignatures query.
	MaxPendingListed = 100

	// MaxSignerSetMembers is the most members the contract takes in a signer
	// set; beyond it the set keeps the most powerful validators.
	MaxSignerSetMembers = 256

	// BasisPoints is 100%.
	BasisPoints = 10_000
)

// Store prefixes. Each is used once and never reused for another collection.
var (
	ParamsKey              = collections.NewPrefix(0)
	EvmKeysKey             = collections.NewPrefix(1)
	EvmKeysByAddressKey    = collections.NewPrefix(2)
	LastObservedNonceKey   = collections.NewPrefix(3)
	AttestedNoncesKey      = collections.NewPrefix(4)
	DepositVotesKey        = collections.NewPrefix(5)
	TransfersKey           = collections.NewPrefix(6)
	TransfersByStatusKey   = collections.NewPrefix(7)
	TransferSignaturesKey  = collections.NewPrefix(8)
	ExecutionVotesKey      = collections.NewPrefix(9)
	SignerSetsKey          = collections.NewPrefix(10)
	SignerSetSignaturesKey = collections.NewPrefix(11)
	NextTransferIDKey      = collections.NewPrefix(12)
	StatsKey               = collections.NewPrefix(13)
)
