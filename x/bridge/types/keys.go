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

	// MaxSignerSetMembers is the most members the contract takes in a signer
	// set; beyond it the set keeps the most powerful validators, and the
	// others count as absent.
	MaxSignerSetMembers = 256

	// MaxBatchSize is the most transfers the contract takes in one batch.
	MaxBatchSize = 256

	// MaxOpenBatches bounds the batches open at once: no batch is made while
	// this many wait to be executed or to expire.
	MaxOpenBatches = 32

	// MaxSignerSetsToSign bounds the signer sets newer than the contract's
	// that the PendingSignatures query lists (the newest ones).
	MaxSignerSetsToSign = 16

	// MaxDepositsAhead is how far past the last observed deposit a validator
	// may attest: the votes the chain keeps are bounded while a deposit is
	// stuck.
	MaxDepositsAhead = 200

	// MaxDepositBits bounds a deposit's amount (2^128 - 1, as the contract's
	// MAX_DEPOSIT): sums of deposits cannot overflow.
	MaxDepositBits = 128

	// BasisPoints is 100%.
	BasisPoints = 10_000

	// TwoThirdsBps is the coverage a signer set must exceed: 2/3 in basis
	// points, rounded down (a coverage is reported in basis points; the
	// check itself is exact).
	TwoThirdsBps = 6_666
)

// Store prefixes. Each is used once and never reused for another collection;
// prefixes 8 (transfer signatures by validator), 9 (execution votes by
// transfer) and 11 (signer-set signatures by validator) belong to consensus
// version 1 and are cleared by its migration.
var (
	ParamsKey                = collections.NewPrefix(0)
	EvmKeysKey               = collections.NewPrefix(1)
	EvmKeysByAddressKey      = collections.NewPrefix(2)
	LastObservedNonceKey     = collections.NewPrefix(3)
	AttestedNoncesKey        = collections.NewPrefix(4)
	DepositVotesKey          = collections.NewPrefix(5)
	TransfersKey             = collections.NewPrefix(6)
	TransfersByStatusKey     = collections.NewPrefix(7)
	V1TransferSignaturesKey  = collections.NewPrefix(8)
	V1ExecutionVotesKey      = collections.NewPrefix(9)
	SignerSetsKey            = collections.NewPrefix(10)
	V1SignerSetSignaturesKey = collections.NewPrefix(11)
	NextTransferIDKey        = collections.NewPrefix(12)
	StatsKey                 = collections.NewPrefix(13)
	EvmKeysByDelegateKey     = collections.NewPrefix(14)
	KeyOwnersKey             = collections.NewPrefix(15)
	RetiredKeysKey           = collections.NewPrefix(16)
	BatchesKey               = collections.NewPrefix(17)
	BatchesByStatusKey       = collections.NewPrefix(18)
	BatchSignaturesKey       = collections.NewPrefix(19)
	BatchVotesKey            = collections.NewPrefix(20)
	NextBatchNonceKey        = collections.NewPrefix(21)
	AdminOpsKey              = collections.NewPrefix(22)
	AdminOpSignaturesKey     = collections.NewPrefix(23)
	NextAdminNonceKey        = collections.NewPrefix(24)
	ContractStateKey         = collections.NewPrefix(25)
	ContractStateVotesKey    = collections.NewPrefix(26)
	ProducedDigestsKey       = collections.NewPrefix(27)
	SlashedEvidenceKey       = collections.NewPrefix(28)
	DepositSplitSinceKey     = collections.NewPrefix(29)
	LivenessQueueKey         = collections.NewPrefix(30)
	SignerSetSignaturesKey   = collections.NewPrefix(31)
	RetiredContractKey       = collections.NewPrefix(32)
	RetiredVotesKey          = collections.NewPrefix(33)
	RetiredSignaturesKey     = collections.NewPrefix(34)
)
