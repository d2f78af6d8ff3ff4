package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func TestClaimPaysEverythingAcrossNodes(t *testing.T) {
	f := newFixture(t)
	claimant := testAddr(1)
	// The claimant operates node 1, contributes to node 2 and to node 3,
	// which leaves (its share is then credited, no longer pending).
	f.newNode(nodeKey(1), 500, stake{claimant, sesh(25_000)})
	f.newNode(nodeKey(2), 1_500, stake{testAddr(2), sesh(10_000)}, stake{claimant, sesh(15_000)})
	f.newNode(nodeKey(3), 0, stake{testAddr(3), sesh(20_000)}, stake{claimant, sesh(5_000)})
	f.soloNode(nodeKey(4), testAddr(4), 0)
	require.NoError(t, f.unlock(testAddr(3), nodeKey(3)))
	for range 3 {
		f.nextBlock(7 * day)
		require.True(t, f.emit(math.NewInt(4_000_000_007)))
		f.endBlock()
	}
	require.False(t, f.hasNode(nodeKey(3)), "node 3 has left")
	before := f.rewards(claimant)
	require.True(t, before.Claimable.IsPositive(), "node 3's share is credited")
	require.True(t, before.Pending.IsPositive(), "nodes 1 and 2 have unsettled rewards")
	want := before.Claimable.Add(before.Pending)
	balance := f.balance(claimant)

	paid, err := f.claim(claimant)

	require.NoError(t, err)
	require.Equal(t, want.String(), paid.String())
	require.Equal(t, balance.Add(want).String(), f.balance(claimant).String())
	after := f.rewards(claimant)
	require.True(t, after.Claimable.IsZero())
	require.True(t, after.Pending.IsZero())
	claimed, err := f.k.Rewards.TotalClaimed.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, want.String(), claimed.String())
	require.Equal(t, []*types.EventRewardsClaimed{{Claimant: claimant.String(), Recipient: claimant.String(), Amount: want}}, events[*types.EventRewardsClaimed](f))
	// The claim touched only the claimant's records: node 2's other
	// contributor still has its share pending, and the node is unchanged.
	require.True(t, f.rewards(testAddr(2)).Claimable.IsZero())
	require.True(t, f.rewards(testAddr(2)).Pending.IsPositive())
	f.checkConservation()
}

func TestClaimWithNothingToClaim(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	require.NoError(t, f.register(testAddr(2), nodeKey(2), sesh(6_250), 0))
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(1_000)))
	_, err := f.claim(testAddr(1))
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		addr sdk.AccAddress
	}{
		{"no stake anywhere", testAddr(9)},
		{"stake in an awaiting node", testAddr(2)},
		{"already claimed in the block", testAddr(1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			_, err := f.claim(tc.addr)
			f.requireRejected(err, types.ErrNothingToClaim, before)
		})
	}
}
