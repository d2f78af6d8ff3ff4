package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
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
