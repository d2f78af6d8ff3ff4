package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// removed returns the RemovedNode query's answer for node key i.
func (f *fixture) removed(i int) (types.RemovedNode, error) {
	res, err := f.queries.RemovedNode(f.ctx, &types.QueryRemovedNodeRequest{Pubkey: keyHex(nodeKey(i))})
	if err != nil {
		return types.RemovedNode{}, err
	}
	return res.Node, nil
}

func TestRemovedNodesAreRemembered(t *testing.T) {
	f := newFixture(t, withoutProofDuty)
	f.newNode(nodeKey(1), 1_000, stake{testAddr(1), sesh(15_000)}, stake{testAddr(2), sesh(10_000)})
	f.soloNode(nodeKey(2), testAddr(3), 0)
	f.soloNode(nodeKey(3), testAddr(4), 200)
	require.NoError(t, f.register(testAddr(5), nodeKey(4), sesh(10_000), 300))
	registered := f.now()
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(3_000_000_001)))
	f.endBlock()

	_, err := f.removed(1)
	require.ErrorIs(t, err, types.ErrNodeNotFound, "a live node has no removal record")

	f.nextBlock(day)
	require.NoError(t, f.unlock(testAddr(1), nodeKey(1)))
	require.NoError(t, f.deregister(nodeKey(3)))
	require.NoError(t, f.withdraw(testAddr(5), nodeKey(4))) // cancels node 4
	cancelledAt := f.now()
	f.endBlock()
	cancelled, err := f.removed(4)
	require.NoError(t, err)
	require.Equal(t, types.RemovedNode{
		Pubkey: keyHex(nodeKey(4)), Operator: testAddr(5).String(), FeeBps: 300, Reason: types.REMOVAL_REASON_CANCELLED,
		RegisteredAt: registered, RemovedAt: cancelledAt, RemovedHeight: f.ctx.HeaderInfo().Height,
		TotalStaked: sesh(10_000), Earned: math.ZeroInt(), Penalty: math.ZeroInt(), Contributors: 1,
	}, cancelled)

	f.nextBlock(15 * day) // node 1 exits
	earned1 := f.node(nodeKey(1)).EarnedTotal(f.index())
	f.endBlock()
	exited, err := f.removed(1)
	require.NoError(t, err)
	require.Equal(t, types.REMOVAL_REASON_EXITED, exited.Reason)
	require.Equal(t, earned1.String(), exited.Earned.String())
	require.True(t, exited.Penalty.IsZero())
	require.Equal(t, uint32(2), exited.Contributors)
	require.Equal(t, sesh(25_000).String(), exited.TotalStaked.String())
	require.NotNil(t, exited.ActivatedAt)

	f.nextBlock(15 * day) // node 3's deregistration lock is over
	f.endBlock()
	deregistered, err := f.removed(3)
	require.NoError(t, err)
	require.Equal(t, types.REMOVAL_REASON_DEREGISTERED, deregistered.Reason)
	require.Equal(t, "50000000000", deregistered.Penalty.String(), "0.2% of 25,000 SESH")

	all, err := f.queries.RemovedNodes(f.ctx, &types.QueryRemovedNodesRequest{Pagination: &query.PageRequest{Limit: 2, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, all.Nodes, 2)
	require.Equal(t, uint64(3), all.Pagination.Total)
	f.checkConservation()

	// Export and import keep them.
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Len(t, exported.RemovedNodes, 3)
	g := newFixtureFromGenesis(t, exported, f.balance(moduleAddr))
	again, err := g.removed(3)
	require.NoError(t, err)
	require.Equal(t, deregistered, again)
}

func TestRemovedNodeQueryRefusesBadInput(t *testing.T) {
	f := newFixture(t)
	_, err := f.queries.RemovedNode(f.ctx, &types.QueryRemovedNodeRequest{Pubkey: "zz"})
	require.ErrorIs(t, err, types.ErrInvalidPubkey)
	_, err = f.queries.RemovedNode(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	_, err = f.queries.RemovedNodes(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}
