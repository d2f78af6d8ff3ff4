// Package keeper holds the state and state transitions of Session Node
// staking: registration, contributions, the lazy reward index, exits.
package keeper

import (
	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/colls"
	"github.com/sessiontoken/sessionchain/x/internal/typedevent"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

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

// Keeper manages Session Node staking. The module account holds every
// stake, every credited reward not yet claimed, everything the nodes earned
// that their contributors have not taken, and the carry.
type Keeper struct {
	// storeService opens the module's store for the migrations, which read
	// collections of older layouts, and for the params' raw bytes.
	storeService store.KVStoreService
	// paramsCache is the last decoded params (see getParams).
	paramsCache   *paramsCache
	addressCodec  address.Codec
	eventService  event.Service
	headerService header.Service
	logger        log.Logger
	authority     string

	accountKeeper types.AccountKeeper
	bankKeeper    types.BankKeeper
	rewardPool    types.RewardPool
	// moduleAddr is the module account's address, which stakes are sent
	// to directly: the account exists from genesis on.
	moduleAddr sdk.AccAddress

	Schema collections.Schema
	Params collections.Item[types.Params]
	// Nodes are keyed by their public key in lowercase hex.
	Nodes *collections.IndexedMap[string, types.Node, NodeIndexes]
	// nodeRecords is Nodes without its index, over the same records, for
	// writes that leave a node's status as it was (see saveNode). It is
	// not part of the schema: Nodes is.
	nodeRecords   collections.Map[string, types.Node]
	Contributions *collections.IndexedMap[collections.Pair[string, sdk.AccAddress], types.Contribution, ContributionIndexes]
	// Reserved holds the unfilled reserved spots: (node, address) → amount.
	Reserved collections.Map[collections.Pair[string, sdk.AccAddress], math.Int]
	// ExitQueue orders unlocking and deregistered nodes by exit time (unix
	// nanoseconds), so EndBlock reads only the due head.
	ExitQueue collections.KeySet[collections.Pair[int64, string]]
	// Claimable is what each address has been credited and not claimed:
	// its rewards from nodes whose stakes were returned.
	Claimable collections.Map[sdk.AccAddress, math.Int]
	// RewardsTaken is, per (node, contributor), the contributor's share of
	// the node's earned rewards already paid or credited to it.
	RewardsTaken collections.Map[collections.Pair[string, sdk.AccAddress], math.Int]
	// Rewards is the equal split: the reward-per-node index, the carry, the
	// earning-node count and what the pool sent, in one record.
	Rewards collections.Item[types.RewardState]
	// UsedPubkeys holds every node key that ever registered: a key registers once.
	UsedPubkeys collections.KeySet[string]
	// TotalStaked is the sum of the stakes of every node.
	TotalStaked  collections.Item[math.Int]
	TotalClaimed collections.Item[math.Int]

	// Liveness. ProofDeadlines orders active nodes by the time their next
	// uptime proof is due, CreditRunsOut decommissioned nodes by the time
	// their credit is gone (unix nanoseconds): EndBlock reads the due heads.
	ProofDeadlines collections.KeySet[collections.Pair[int64, string]]
	CreditRunsOut  collections.KeySet[collections.Pair[int64, string]]
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
	// PeriodEnd is when the current testing period ends (unix nanoseconds):
	// until then EndBlock has no seed to fix. Derived, not exported.
	PeriodEnd collections.Item[int64]
	// Quorums fixed by a first vote: (period, tested node) → quorum.
	Quorums collections.Map[collections.Pair[uint64, string], types.Quorum]
	// Votes: (period, tested node, voter node) → state voted for.
	Votes collections.Map[collections.Triple[uint64, string, string], int32]
}

// NewKeeper builds the keeper. authority may change params and deregister
// nodes (the gov module account by default).
func NewKeeper(
	cdc codec.BinaryCodec,
	addressCodec address.Codec,
	storeService store.KVStoreService,
	eventService event.Service,
	headerService header.Service,
	logger log.Logger,
	authority string,
	accountKeeper types.AccountKeeper,
	bankKeeper types.BankKeeper,
	rewardPool types.RewardPool,
) Keeper {
	moduleAddr := accountKeeper.GetModuleAddress(types.ModuleName)
	if moduleAddr == nil {
		panic("the " + types.ModuleName + " module account has not been set")
	}
	sb := collections.NewSchemaBuilder(storeService)
	contribKey := collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey)
	paramsCodec := codec.CollValue[types.Params](cdc)
	k := Keeper{
		storeService:  storeService,
		paramsCache:   &paramsCache{codec: paramsCodec},
		addressCodec:  addressCodec,
		eventService:  typedevent.Wrap(eventService),
		headerService: headerService,
		logger:        logger.With(log.ModuleKey, "x/"+types.ModuleName),
		authority:     authority,
		accountKeeper: accountKeeper,
		bankKeeper:    bankKeeper,
		rewardPool:    rewardPool,
		moduleAddr:    moduleAddr,
		Params:        collections.NewItem(sb, types.ParamsKey, "params", paramsCodec),
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
		Reserved:  collections.NewMap(sb, types.ReservedKey, "reserved", contribKey, sdk.IntValue),
		ExitQueue: collections.NewKeySet(sb, types.ExitQueueKey, "exit_queue", collections.PairKeyCodec(collections.Int64Key, collections.StringKey)),
		Claimable: collections.NewMap(sb, types.ClaimableKey, "claimable", sdk.AccAddressKey, sdk.IntValue),
		RewardsTaken: collections.NewMap(sb, types.RewardsTakenKey, "rewards_taken",
			collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey), sdk.IntValue),
		Rewards:     collections.NewItem(sb, types.RewardStateKey, "rewards", codec.CollValue[types.RewardState](cdc)),
		UsedPubkeys: collections.NewKeySet(sb, types.UsedPubkeysKey, "used_pubkeys", collections.StringKey),
		ProofDeadlines: collections.NewKeySet(sb, types.ProofDeadlinesKey, "proof_deadlines",
			collections.PairKeyCodec(collections.Int64Key, collections.StringKey)),
		CreditRunsOut: collections.NewKeySet(sb, types.CreditRunsOutKey, "credit_runs_out",
			collections.PairKeyCodec(collections.Int64Key, collections.StringKey)),
		ActivePages:         collections.NewMap(sb, types.ActivePagesKey, "active_pages", collections.Uint64Key, collections.BytesValue),
		ActiveIndexOf:       collections.NewMap(sb, types.ActiveIndexOfKey, "active_index_of", collections.StringKey, collections.Uint64Value),
		ActiveCount:         collections.NewItem(sb, types.ActiveCountKey, "active_count", collections.Uint64Value),
		DecommissionedCount: collections.NewItem(sb, types.DecommissionedCountKey, "decommissioned_count", collections.Uint64Value),
		PeriodSeeds:         collections.NewMap(sb, types.PeriodSeedsKey, "period_seeds", collections.Uint64Key, collections.BytesValue),
		PeriodEnd:           collections.NewItem(sb, types.PeriodEndKey, "period_end", collections.Int64Value),
		Quorums: collections.NewMap(sb, types.QuorumsKey, "quorums",
			collections.PairKeyCodec(collections.Uint64Key, collections.StringKey), codec.CollValue[types.Quorum](cdc)),
		Votes: collections.NewMap(sb, types.VotesKey, "votes",
			collections.TripleKeyCodec(collections.Uint64Key, collections.StringKey, collections.StringKey), collections.Int32Value),
		TotalStaked:  collections.NewItem(sb, types.TotalStakedKey, "total_staked", sdk.IntValue),
		TotalClaimed: collections.NewItem(sb, types.TotalClaimedKey, "total_claimed", sdk.IntValue),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	records := collections.NewSchemaBuilder(storeService)
	k.nodeRecords = collections.NewMap(records, types.NodesKey, "nodes", collections.StringKey, codec.CollValue[types.Node](cdc))
	if _, err := records.Build(); err != nil {
		panic(err)
	}
	return k
}

// Authority returns the address allowed to change params and deregister nodes.
func (k Keeper) Authority() string { return k.authority }
