package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func TestWithdrawBeforeActivationWaits24hAfterTheLastContribution(t *testing.T) {
	f := newFixture(t)
	key, contributor := nodeKey(1), testAddr(2)
	require.NoError(t, f.register(testAddr(1), key, sesh(6_250), 0))
	f.nextBlock(time.Hour)
	_, err := f.contribute(contributor, key, sesh(5_000))
	require.NoError(t, err)
	first := f.now()

	f.nextBlock(day - time.Nanosecond)
	before := f.snapshot()
	f.requireRejected(f.withdraw(contributor, key), types.ErrTooEarly, before)

	// A top-up 12 hours in restarts the clock.
	f.nextBlock(first.Add(12 * time.Hour).Sub(f.now()))
	_, err = f.contribute(contributor, key, math.OneInt())
	require.NoError(t, err)
	f.nextBlock(first.Add(day).Sub(f.now()))
	before = f.snapshot()
	f.requireRejected(f.withdraw(contributor, key), types.ErrTooEarly, before)

	f.nextBlock(first.Add(36 * time.Hour).Sub(f.now()))
	require.NoError(t, f.withdraw(contributor, key))

	require.Equal(t, startBalance.String(), f.balance(contributor).String())
	rec := f.record(key)
	require.Equal(t, types.NODE_STATUS_AWAITING, rec.Node.Status)
	require.Equal(t, uint32(1), rec.Node.Contributors)
	require.Equal(t, sesh(6_250).String(), rec.Node.TotalStaked.String())
	require.Len(t, rec.Contributions, 1)
	require.Equal(t, []*types.EventContributionWithdrawn{{Pubkey: keyHex(key), Contributor: contributor.String(), Amount: sesh(5_000).AddRaw(1), Recipient: contributor.String()}},
		events[*types.EventContributionWithdrawn](f))
	// The spot is free again: the minimum is back to 18,750 SESH over 9 spots.
	f.requireBounds(key, nil, math.NewInt(2_083_333_333_334), sesh(18_750))
	f.checkConservation()
}

func TestOperatorWithdrawalCancelsTheNode(t *testing.T) {
	f := newFixture(t)
	key, operator, holder := nodeKey(1), testAddr(1), testAddr(4)
	require.NoError(t, f.register(operator, key, sesh(6_250), 0, spot(holder, sesh(5_000))))
	f.nextBlock(20 * time.Hour)
	_, err := f.contribute(testAddr(2), key, sesh(3_000))
	require.NoError(t, err)
	_, err = f.contribute(testAddr(3), key, sesh(2_000))
	require.NoError(t, err)

	// 24 hours after the operator's contribution, whatever the others'.
	f.nextBlock(4 * time.Hour)
	require.NoError(t, f.withdraw(operator, key))

	require.False(t, f.hasNode(key))
	for i := byte(1); i <= 3; i++ {
		require.Equal(t, startBalance.String(), f.balance(testAddr(i)).String(), "contributor %d refunded", i)
		res, err := f.queries.ContributorNodes(f.ctx, &types.QueryContributorNodesRequest{Address: testAddr(i).String()})
		require.NoError(t, err)
		require.Empty(t, res.Nodes)
	}
	require.True(t, f.balance(moduleAddr).IsZero())
	staked, err := f.k.Staking.TotalStaked.Get(f.ctx)
	require.NoError(t, err)
	require.True(t, staked.IsZero())
	require.Equal(t, []*types.EventNodeCancelled{{Pubkey: keyHex(key)}}, events[*types.EventNodeCancelled](f))
	f.requireContributeRejected(holder, key, sesh(5_000), types.ErrNodeNotFound)
	f.checkConservation()

	// A node key registers once: not even after a cancel, and the export
	// remembers it.
	require.ErrorIs(t, f.register(testAddr(2), key, sesh(25_000), 0), types.ErrNodeExists)
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, []string{keyHex(key)}, gs.UsedPubkeys)
	require.NoError(t, gs.Validate())
}

func TestWithdrawRejected(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	require.NoError(t, f.register(testAddr(2), nodeKey(2), sesh(6_250), 0))
	f.nextBlock(2 * day)

	tests := []struct {
		name    string
		addr    byte
		node    int
		wantErr error
	}{
		{name: "an active node", addr: 1, node: 1, wantErr: types.ErrWrongStatus},
		{name: "not a contributor", addr: 9, node: 2, wantErr: types.ErrNotContributor},
		{name: "an unknown node", addr: 2, node: 3, wantErr: types.ErrNodeNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			f.requireRejected(f.withdraw(testAddr(tc.addr), nodeKey(tc.node)), tc.wantErr, before)
		})
	}
}
