package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestMigrate1to2CountsReservedSpots stores nodes as consensus version 1
// left them, without the count of unfilled reserved spots: the migration
// counts them back, and the reservations hold again afterwards.
func TestMigrate1to2CountsReservedSpots(t *testing.T) {
	// Arrange: a node with two reserved spots and one without.
	f := newFixture(t)
	operator, holderA, holderB, stranger := testAddr(1), testAddr(2), testAddr(3), testAddr(4)
	reservedKey, plainKey := nodeKey(1), nodeKey(2)
	require.NoError(t, f.register(operator, reservedKey, sesh(6_250), 0, spot(holderA, sesh(5_000)), spot(holderB, sesh(5_000))))
	require.NoError(t, f.register(operator, plainKey, sesh(6_250), 0))
	require.Equal(t, uint32(2), f.record(reservedKey).Node.ReservedSpots)
	for _, key := range []string{keyHex(reservedKey), keyHex(plainKey)} {
		node, err := f.k.Nodes.Get(f.ctx, key)
		require.NoError(t, err)
		node.ReservedSpots = 0
		require.NoError(t, f.k.Nodes.Set(f.ctx, key, node))
	}

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate1to2(f.ctx))

	// Assert: 25,000 - 6,250 - 2 × 5,000 = 8,750 SESH is open to others.
	require.Equal(t, uint32(2), f.record(reservedKey).Node.ReservedSpots)
	require.Zero(t, f.record(plainKey).Node.ReservedSpots)
	f.requireContributeRejected(stranger, reservedKey, sesh(8_750).AddRaw(1), types.ErrStakeTooHigh)
	_, err := f.contribute(stranger, reservedKey, sesh(8_750))
	require.NoError(t, err)
	f.checkConservation()
}
