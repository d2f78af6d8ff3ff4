// Package staking is the staking component of the nodestaking keeper:
// registration, contributions and withdrawals, activation, unlocks,
// deregistration, exits and their penalties, operator fee changes. It owns
// the nodes, their contributions and reserved spots, the exit queue and the
// fee change queue.
//
// Calls out: to the reward component when a node starts or stops earning,
// when its stakes return and when it is removed (Rewards); to the totals
// component for every stake sent back and every penalty (Counter); to the liveness
// component when a node becomes active, stops serving and is removed
// (Liveness, set with SetLiveness once both exist, as the SDK's staking
// keeper takes its hooks). Calls in: the liveness component decommissions,
// recommissions and deregisters nodes through it (Decommission,
// Recommission, Deregister), since a node's status is staking's.
package staking

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/colls"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/rewards"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Rewards is what staking asks of the reward component.
type Rewards interface {
	StartEarning(ctx context.Context, node *types.Node) error
	StopEarning(ctx context.Context, node *types.Node) error
	CreditFinalShares(ctx context.Context, node types.Node, stakes []rewards.Stake) error
	Forget(ctx context.Context, pubkey string) error
	// SettleEarned settles a node (an earning one's earnings up to now go
	// into node.Earned) and returns everything it has earned.
	SettleEarned(ctx context.Context, node *types.Node) (math.Int, error)
}

// Counter counts, per address, the stakes sent back and the penalties
// taken (the totals component).
type Counter interface {
	AddReturned(ctx context.Context, addr sdk.AccAddress, amount math.Int) error
	AddPenalty(ctx context.Context, addr sdk.AccAddress, amount math.Int) error
}

// Liveness is what staking tells the liveness component.
type Liveness interface {
	// Start begins the liveness of a node that just became active.
	Start(ctx context.Context, pubkey string) error
	// Stop ends the liveness of a node that leaves the serving or the
	// decommissioned state; node has the status it leaves.
	Stop(ctx context.Context, node types.Node) error
	// Forget deletes the liveness of a node that is removed.
	Forget(ctx context.Context, pubkey string) error
	// CheckUnlock refuses the unlock of a node whose uptime proof is
	// overdue: a node going down cannot leave ahead of its failure.
	CheckUnlock(ctx context.Context, pubkey string) error
	// BindKey marks a node's (new) key as bound now: its seed shares count
	// only from the second round after the one in progress.
	BindKey(ctx context.Context, pubkey string) error
	// SettleUnlock charges the seed rounds a node that requests its unlock
	// withheld: an unlocking node owes and adds no share.
	SettleUnlock(ctx context.Context, pubkey string) error
}

// NodeIndexes index nodes by status, for the paginated status listing.
type NodeIndexes struct {
	Status *colls.Multi[int32, string, types.Node]
}

// IndexesList implements collections.Indexes.
func (i NodeIndexes) IndexesList() []collections.Index[string, types.Node] {
	return []collections.Index[string, types.Node]{i.Status}
}

// ContributionIndexes index contributions by contributor, for claims and
// the contributor's node listing.
type ContributionIndexes struct {
	ByContributor *indexes.ReversePair[string, sdk.AccAddress, types.Contribution]
}

// IndexesList implements collections.Indexes.
func (i ContributionIndexes) IndexesList() []collections.Index[collections.Pair[string, sdk.AccAddress], types.Contribution] {
	return []collections.Index[collections.Pair[string, sdk.AccAddress], types.Contribution]{i.ByContributor}
}

// Keeper is the staking component.
type Keeper struct {
	env      env.Env
	bank     types.BankKeeper
	pool     types.RewardPool
	rewards  Rewards
	liveness Liveness
	totals   Counter
	// moduleAddr is the module account's address, which stakes are sent
	// to directly: the account exists from genesis on.
	moduleAddr sdk.AccAddress

	// Nodes are keyed by their public key in lowercase hex.
	Nodes         *collections.IndexedMap[string, types.Node, NodeIndexes]
	Contributions *collections.IndexedMap[collections.Pair[string, sdk.AccAddress], types.Contribution, ContributionIndexes]
	// Reserved holds the unfilled reserved spots: (node, address) → amount.
	Reserved collections.Map[collections.Pair[string, sdk.AccAddress], math.Int]
	// ExitQueue orders unlocking and deregistered nodes by exit time.
	ExitQueue env.Queue
	// UsedPubkeys holds every node key that ever registered: a key registers once.
	UsedPubkeys collections.KeySet[string]
	// TotalStaked is the sum of the stakes of every node.
	TotalStaked collections.Item[math.Int]
	// RemovedNodes keeps what is left of each removed node, by node key.
	RemovedNodes collections.Map[string, types.RemovedNode]
	// FeeChangeQueue orders nodes with a pending fee change by the time it
	// takes effect.
	FeeChangeQueue env.Queue
	// SigningKeys indexes the nodes that rotated their key: signing key (hex)
	// → node ID. A node that never rotated signs with its ID and has no entry.
	SigningKeys collections.Map[string, string]
}

// NewKeeper declares the component's collections on sb.
func NewKeeper(sb *collections.SchemaBuilder, cdc codec.BinaryCodec, e env.Env, moduleAddr sdk.AccAddress,
	bank types.BankKeeper, pool types.RewardPool, r Rewards, totals Counter,
) *Keeper {
	contribKey := collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey)
	return &Keeper{
		env:        e,
		bank:       bank,
		pool:       pool,
		rewards:    r,
		totals:     totals,
		moduleAddr: moduleAddr,
		Nodes: collections.NewIndexedMap(sb, types.NodesKey, "nodes", collections.StringKey,
			codec.CollValue[types.Node](cdc),
			NodeIndexes{Status: colls.NewMulti(sb, types.NodesByStatusKey, "nodes_by_status",
				collections.Int32Key, collections.StringKey,
				func(_ string, n types.Node) (int32, error) { return int32(n.Status), nil })},
		),
		Contributions: collections.NewIndexedMap(sb, types.ContributionsKey, "contributions", contribKey,
			codec.CollValue[types.Contribution](cdc),
			ContributionIndexes{ByContributor: indexes.NewReversePair[types.Contribution](sb,
				types.ContributionsByAddrKey, "contributions_by_address", contribKey)},
		),
		Reserved:    collections.NewMap(sb, types.ReservedKey, "reserved", contribKey, sdk.IntValue),
		ExitQueue:   env.NewQueue(sb, types.ExitQueueKey, "exit_queue"),
		UsedPubkeys: collections.NewKeySet(sb, types.UsedPubkeysKey, "used_pubkeys", collections.StringKey),
		TotalStaked: collections.NewItem(sb, types.TotalStakedKey, "total_staked", sdk.IntValue),
		RemovedNodes: collections.NewMap(sb, types.RemovedNodesKey, "removed_nodes", collections.StringKey,
			codec.CollValue[types.RemovedNode](cdc)),
		FeeChangeQueue: env.NewQueue(sb, types.FeeChangeQueueKey, "fee_change_queue"),
		SigningKeys: collections.NewMap(sb, types.SigningKeysKey, "signing_keys", collections.StringKey,
			collections.StringValue),
	}
}

// SetLiveness gives the component the liveness component it tells about
// activations, stops and removals. The keeper calls it once, when it is
// built.
func (k *Keeper) SetLiveness(l Liveness) {
	if k.liveness != nil {
		panic("nodestaking: the staking component's liveness is already set")
	}
	k.liveness = l
}
