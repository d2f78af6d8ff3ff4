package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// A node stored by consensus version 2 has no earned total and no count of
// its reserved spots: the migration writes zero and the count, and what its
// contributors are owed is what it was.
func TestMigrate2to3WritesEarnedAndKeepsWhatIsOwed(t *testing.T) {
	// Arrange: a node that earned since its last settlement, stored as
	// version 2 wrote it.
	f := newFixture(t)
	a, b := testAddr(1), testAddr(2)
	f.newNode(nodeKey(1), 1_000, stake{a, sesh(10_000)}, stake{b, sesh(15_000)})
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(1_000_003)))
	node, err := f.k.Nodes.Get(f.ctx, keyHex(nodeKey(1)))
	require.NoError(t, err)
	node.Earned = math.Int{}
	require.NoError(t, f.k.Nodes.Set(f.ctx, node.Pubkey, node))
	owedA, owedB := f.rewards(a).Pending, f.rewards(b).Pending
	require.True(t, owedA.IsPositive() && owedB.IsPositive())
	require.NoError(t, f.register(testAddr(3), nodeKey(2), sesh(6_250), 0, spot(testAddr(4), sesh(4_750)), spot(testAddr(5), sesh(4_750))))
	awaiting, err := f.k.Nodes.Get(f.ctx, keyHex(nodeKey(2)))
	require.NoError(t, err)
	require.Equal(t, uint32(2), awaiting.ReservedSpots)
	awaiting.ReservedSpots, awaiting.Earned = 0, math.Int{}
	require.NoError(t, f.k.Nodes.Set(f.ctx, awaiting.Pubkey, awaiting))

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate2to3(f.ctx))

	// Assert
	node, err = f.k.Nodes.Get(f.ctx, node.Pubkey)
	require.NoError(t, err)
	require.False(t, node.Earned.IsNil())
	require.True(t, node.Earned.IsZero())
	require.Equal(t, owedA.String(), f.rewards(a).Pending.String())
	require.Equal(t, owedB.String(), f.rewards(b).Pending.String())
	awaiting, err = f.k.Nodes.Get(f.ctx, awaiting.Pubkey)
	require.NoError(t, err)
	require.Equal(t, uint32(2), awaiting.ReservedSpots)
	require.True(t, awaiting.Earned.IsZero())
	// The count goes down as the spots are filled.
	_, err = f.contribute(testAddr(4), nodeKey(2), sesh(4_750))
	require.NoError(t, err)
	awaiting, err = f.k.Nodes.Get(f.ctx, awaiting.Pubkey)
	require.NoError(t, err)
	require.Equal(t, uint32(1), awaiting.ReservedSpots)
	f.checkConservation()
}

// legacyActiveByIndex is the numbered active set as consensus version 3
// stored it: one record per active node, index → node key in hex.
func (f *fixture) legacyActiveByIndex() collections.Map[uint64, string] {
	f.t.Helper()
	sb := collections.NewSchemaBuilder(f.store)
	m := collections.NewMap(sb, types.ActiveByIndexKey, "active_by_index", collections.Uint64Key, collections.StringValue)
	_, err := sb.Build()
	require.NoError(f.t, err)
	return m
}

// toVersion3ActiveSet rewrites the numbered active set in the layout of
// consensus version 3 and returns the order it had.
func (f *fixture) toVersion3ActiveSet() []string {
	f.t.Helper()
	order := f.activeOrder()
	legacy := f.legacyActiveByIndex()
	for i, pk := range order {
		require.NoError(f.t, legacy.Set(f.ctx, uint64(i), pk))
	}
	require.NoError(f.t, f.k.ActivePages.Clear(f.ctx, nil))
	return order
}

// A chain of consensus version 3 numbers its active nodes one record each:
// the migration moves them into pages in the same order, removes the old
// records, and the set works as before: a node leaving swaps the last one
// into its place, and quorums draw from it.
func TestMigrate3to4PagesTheActiveSet(t *testing.T) {
	// Arrange: two full pages and three keys more, one node gone (the last
	// took its place), stored as version 3 stored them.
	f := newFixture(t, withLiveness)
	f.soloNodes(1, 2*keeper.ActivePageSize+4)
	require.NoError(t, f.deregister(nodeKey(5)))
	f.nextBlock(time.Second)
	order := f.toVersion3ActiveSet()
	require.Len(t, order, 2*keeper.ActivePageSize+3)

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate3to4(f.ctx))

	// Assert: the same numbering, in pages, and nothing left of the old.
	require.Equal(t, order, f.activeOrder())
	f.checkLiveness()
	legacy := f.legacyActiveByIndex()
	it, err := legacy.Iterate(f.ctx, nil)
	require.NoError(t, err)
	require.False(t, it.Valid(), "version 3 records left behind")
	require.NoError(t, it.Close())
	// The set works on: node 1 (number 0) leaves, the last takes its place.
	last := order[len(order)-1]
	require.NoError(t, f.deregister(nodeKey(1)))
	require.Equal(t, last, f.activeOrder()[0])
	f.checkLiveness()
	f.endBlock() // fixes the testing period's seed
	res, err := f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: keyHex(nodeKey(2))})
	require.NoError(t, err)
	require.Len(t, res.Quorum.Members, int(types.DefaultQuorumSize))
}

// A version 3 set whose numbers do not run 0..n-1, or whose count is not
// active_count, is not migrated: the upgrade stops rather than number the
// nodes wrongly.
func TestMigrate3to4RefusesABrokenSet(t *testing.T) {
	for name, breakIt := range map[string]func(f *fixture, legacy collections.Map[uint64, string], order []string){
		"a gap in the numbers": func(f *fixture, legacy collections.Map[uint64, string], _ []string) {
			require.NoError(f.t, legacy.Remove(f.ctx, 1))
		},
		"a node more than active_count": func(f *fixture, legacy collections.Map[uint64, string], order []string) {
			require.NoError(f.t, legacy.Set(f.ctx, uint64(len(order)), keyHex(nodeKey(99))))
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, withLiveness)
			f.soloNodes(1, 3)
			order := f.toVersion3ActiveSet()
			breakIt(f, f.legacyActiveByIndex(), order)
			require.Error(t, keeper.NewMigrator(f.k).Migrate3to4(f.ctx))
		})
	}
}
