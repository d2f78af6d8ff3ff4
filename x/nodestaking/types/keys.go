// Package types holds the state types, messages, events, params and errors of
// the nodestaking module, and the pure staking and reward arithmetic.
package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module and of its module account, which
	// holds every stake and every reward not yet claimed.
	ModuleName = "nodestaking"

	// StoreKey is the store key of the module.
	StoreKey = ModuleName

	// Denom is the base denomination of SESH.
	Denom = "nsesh"

	// PubkeySize is the size of a node's Ed25519 public key.
	PubkeySize = 32

	// BasisPoints is 100%.
	BasisPoints = 10_000
)

// Store prefixes. Each is used once and never reused for another collection.
var (
	ParamsKey              = collections.NewPrefix(0)
	NodesKey               = collections.NewPrefix(1)
	NodesByStatusKey       = collections.NewPrefix(2)
	ContributionsKey       = collections.NewPrefix(3)
	ContributionsByAddrKey = collections.NewPrefix(4)
	ReservedKey            = collections.NewPrefix(5)
	ExitQueueKey           = collections.NewPrefix(6)
	ClaimableKey           = collections.NewPrefix(7)
	RewardStateKey         = collections.NewPrefix(8)
	TotalClaimedKey        = collections.NewPrefix(9)
	TotalStakedKey         = collections.NewPrefix(10)
	UsedPubkeysKey         = collections.NewPrefix(11)
	ProofDeadlinesKey      = collections.NewPrefix(12)
	CreditRunsOutKey       = collections.NewPrefix(13)
	// ActiveByIndexKey numbered the active nodes one record each, until
	// consensus version 4 (ActivePagesKey); only the 3→4 migration reads it.
	ActiveByIndexKey = collections.NewPrefix(14)
	ActiveIndexOfKey = collections.NewPrefix(15)
	PeriodSeedsKey   = collections.NewPrefix(16)
	QuorumsKey       = collections.NewPrefix(17)
	VotesKey         = collections.NewPrefix(18)
	ActiveCountKey   = collections.NewPrefix(19)
	// PeriodEndKey holds the period clock; until consensus version 5 it held
	// the end of the current period alone.
	PeriodEndKey           = collections.NewPrefix(20)
	DecommissionedCountKey = collections.NewPrefix(21)
	// RewardsTakenKey holds, per contribution, its share of the node's
	// earned rewards already paid or credited. Added in consensus version 3.
	RewardsTakenKey = collections.NewPrefix(22)
	// ActivePagesKey holds the numbered active set in pages of node keys.
	// Added in consensus version 4.
	ActivePagesKey = collections.NewPrefix(23)
	// LivenessRecordsKey holds each activated node's liveness record, kept
	// beside the node. Added in consensus version 5, when the liveness
	// fields left Node.
	LivenessRecordsKey = collections.NewPrefix(24)
	// ProofBlocksKey (consensus version 6) keeps the app hash of each of the
	// last proof_block_window heights, which uptime proofs sign. Per-block
	// bookkeeping: not exported.
	ProofBlocksKey = collections.NewPrefix(25)
	// HaltClockKey (consensus version 6) is the liveness clock: the last
	// block time and the total of the chain's halts.
	HaltClockKey = collections.NewPrefix(26)
	// PeriodPagesKey, PeriodCountsKey and SnapshotAtKey (consensus version
	// 6) keep the numbered active set of a testing period's start, which its
	// quorums are drawn from: the images of the pages changed since, the
	// count, and the period being recorded.
	PeriodPagesKey  = collections.NewPrefix(27)
	PeriodCountsKey = collections.NewPrefix(28)
	SnapshotAtKey   = collections.NewPrefix(29)
	// AddressTotalsKey (consensus version 6) holds each address's lifetime
	// counters: rewards claimed, stakes returned, penalties paid.
	AddressTotalsKey = collections.NewPrefix(40)
	// TotalsStartKey (consensus version 6) records when those counters began.
	TotalsStartKey = collections.NewPrefix(41)
	// RemovedNodesKey holds what the chain keeps of each removed node
	// (consensus version 6).
	RemovedNodesKey = collections.NewPrefix(42)
	// FeeChangeQueueKey orders the pending operator fee changes by the time
	// they take effect (consensus version 6).
	FeeChangeQueueKey = collections.NewPrefix(50)
	// FreeVoteCountsKey counts, in the transient store FreeVotesStoreKey,
	// each voter node's fee-exempt votes of the block.
	FreeVoteCountsKey = collections.NewPrefix(60)
	// SeedRoundKey holds the seed round in progress: what the next quorum
	// seed is mixed from (consensus version 6).
	SeedRoundKey = collections.NewPrefix(70)

	// SigningKeysKey indexes the nodes that rotated their key: signing key →
	// node ID.
	SigningKeysKey = collections.NewPrefix(80)
)

// FreeVotesStoreKey names the transient store of the fee exemption of
// quorum votes (emptied after every block).
const FreeVotesStoreKey = "transient_nodestaking_free_votes"
