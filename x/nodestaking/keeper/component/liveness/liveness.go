// Package liveness is the liveness component of the nodestaking keeper:
// uptime proofs, the decommission credit, the proof deadlines, the numbered
// set of active nodes quorums are drawn from, testing periods, quorums and
// their votes. A node's liveness is a record of its own kept beside the
// node (Records, as x/slashing keeps a validator's signing info beside the
// validator), from its activation until it is removed.
//
// Calls out: a node's status is the staking component's, so a node that
// fails, comes back or is voted out changes state through it (Staking:
// Decommission, Recommission, Deregister). Calls in: staking tells it when a
// node becomes active (Start), stops serving (Stop) and is removed (Forget).
package liveness

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Staking is what liveness asks of the staking component.
type Staking interface {
	GetNode(ctx context.Context, pubkey string) (types.Node, error)
	Decommission(ctx context.Context, pubkey string) error
	Recommission(ctx context.Context, pubkey string) error
	Deregister(ctx context.Context, pubkey string) error
}

// Keeper is the liveness component.
type Keeper struct {
	env     env.Env
	staking Staking

	// Records is each activated node's liveness: proofs and credit.
	Records collections.Map[string, types.LivenessRecord]
	// ProofDeadlines orders active nodes by the time their next uptime
	// proof is due, CreditRunsOut decommissioned nodes by the time their
	// credit is gone: EndBlock reads the due heads.
	ProofDeadlines env.Queue
	CreditRunsOut  env.Queue
	// ActivePages and ActiveIndexOf number the active nodes 0..n-1 (a node
	// leaving swaps the last one into its place), so a quorum draws members
	// by index without scanning. ActivePages holds the raw node keys in
	// order, ActivePageSize to a record (see ActiveAt); ActiveIndexOf maps
	// a node key back to its number.
	ActivePages   collections.Map[uint64, []byte]
	ActiveIndexOf collections.Map[string, uint64]
	ActiveCount   collections.Item[uint64]
	// DecommissionedCount is the number of decommissioned nodes, kept so the
	// metrics read it in O(1). Derived from the nodes, not exported.
	DecommissionedCount collections.Item[uint64]
	// PeriodSeeds of the current and previous testing periods.
	PeriodSeeds collections.Map[uint64, []byte]
	// Clock is when the current testing period ends (until then EndBlock
	// has no seed to fix) and which past periods' records are left to
	// delete. Derived, not exported.
	Clock collections.Item[types.PeriodClock]
	// Quorums fixed by a first vote: (period, tested node) → quorum.
	Quorums collections.Map[collections.Pair[uint64, string], types.Quorum]
	// Votes: (period, tested node, voter node) → state voted for.
	Votes collections.Map[collections.Triple[uint64, string, string], int32]
	// ProofBlocks: height → the app hash the chain reached there, for the
	// last proof_block_window heights; uptime proofs sign one of them.
	ProofBlocks collections.Map[int64, []byte]
	// HaltClock is the liveness clock (see Now): the time of the last block
	// and the total of the chain's halts.
	HaltClock collections.Item[types.LivenessClock]
	// PeriodPages, PeriodCounts and SnapshotAt keep the numbered active set
	// of each recent period's start (see setAtStart): (period, page) → the
	// page before its first change in the period; period → the count of
	// active nodes at its start; the period being recorded.
	PeriodPages  collections.Map[collections.Pair[uint64, uint64], []byte]
	PeriodCounts collections.Map[uint64, uint64]
	SnapshotAt   collections.Item[uint64]
	// SeedRound collects the next period seed from the nodes' VRF outputs
	// (see seed.go).
	SeedRound collections.Item[types.SeedRound]
}

// NewKeeper declares the component's collections on sb.
func NewKeeper(sb *collections.SchemaBuilder, cdc codec.BinaryCodec, e env.Env, s Staking) *Keeper {
	return &Keeper{
		env:                 e,
		staking:             s,
		Records:             collections.NewMap(sb, types.LivenessRecordsKey, "liveness", collections.StringKey, codec.CollValue[types.LivenessRecord](cdc)),
		ProofDeadlines:      env.NewQueue(sb, types.ProofDeadlinesKey, "proof_deadlines"),
		CreditRunsOut:       env.NewQueue(sb, types.CreditRunsOutKey, "credit_runs_out"),
		ActivePages:         collections.NewMap(sb, types.ActivePagesKey, "active_pages", collections.Uint64Key, collections.BytesValue),
		ActiveIndexOf:       collections.NewMap(sb, types.ActiveIndexOfKey, "active_index_of", collections.StringKey, collections.Uint64Value),
		ActiveCount:         collections.NewItem(sb, types.ActiveCountKey, "active_count", collections.Uint64Value),
		DecommissionedCount: collections.NewItem(sb, types.DecommissionedCountKey, "decommissioned_count", collections.Uint64Value),
		PeriodSeeds:         collections.NewMap(sb, types.PeriodSeedsKey, "period_seeds", collections.Uint64Key, collections.BytesValue),
		Clock:               collections.NewItem(sb, types.PeriodEndKey, "period_clock", codec.CollValue[types.PeriodClock](cdc)),
		Quorums: collections.NewMap(sb, types.QuorumsKey, "quorums",
			collections.PairKeyCodec(collections.Uint64Key, collections.StringKey), codec.CollValue[types.Quorum](cdc)),
		Votes: collections.NewMap(sb, types.VotesKey, "votes",
			collections.TripleKeyCodec(collections.Uint64Key, collections.StringKey, collections.StringKey), collections.Int32Value),
		ProofBlocks: collections.NewMap(sb, types.ProofBlocksKey, "proof_blocks", collections.Int64Key, collections.BytesValue),
		HaltClock:   collections.NewItem(sb, types.HaltClockKey, "halt_clock", codec.CollValue[types.LivenessClock](cdc)),
		PeriodPages: collections.NewMap(sb, types.PeriodPagesKey, "period_pages",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key), collections.BytesValue),
		PeriodCounts: collections.NewMap(sb, types.PeriodCountsKey, "period_counts", collections.Uint64Key, collections.Uint64Value),
		SnapshotAt:   collections.NewItem(sb, types.SnapshotAtKey, "snapshot_at", collections.Uint64Value),
		SeedRound:    collections.NewItem(sb, types.SeedRoundKey, "seed_round", codec.CollValue[types.SeedRound](cdc)),
	}
}
