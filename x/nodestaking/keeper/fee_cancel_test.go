package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestDecommissionCancelsAPendingRaise: the contributors of a decommissioned
// node cannot request an unlock, so a raise noticed before it went down
// must not apply while they are held.
func TestDecommissionCancelsAPendingRaise(t *testing.T) {
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.newNode(key, 1_000, stake{testAddr(1), sesh(15_000)}, stake{testAddr(2), sesh(10_000)})
	f.nextBlock(time.Hour)
	at, err := f.changeFee(testAddr(1), key, 9_000)
	require.NoError(t, err)
	f.endBlock()

	for i := 0; f.status(key) != types.NODE_STATUS_DECOMMISSIONED; i++ {
		require.Less(t, i, 100, "the node sends no proof: it is decommissioned")
		f.nextBlock(time.Hour)
		f.endBlock()
	}

	node := f.node(key)
	require.Equal(t, uint32(1_000), node.FeeBps)
	require.Nil(t, node.FeeChangeAt)
	require.Zero(t, node.PendingFeeBps)
	require.Equal(t, []*types.EventFeeChangeCancelled{{Pubkey: keyHex(key), PendingFeeBps: 9_000, Reason: "decommissioned"}},
		events[*types.EventFeeChangeCancelled](f))
	require.Less(t, f.now().UnixNano(), at.UnixNano(), "cancelled before it was due")
	f.nextBlock(at.Sub(f.now()))
	f.endBlock()
	require.Equal(t, uint32(1_000), f.node(key).FeeBps, "the raise does not apply")
}

// TestExitCancelsALeftoverPendingRaise: a node that exits with a raise still
// pending (a state the invariants refuse: unlock and deregistration cancel
// it) leaves no queued change behind, which would otherwise fail every block
// once due (the node is gone).
func TestExitCancelsALeftoverPendingRaise(t *testing.T) {
	f, key := feeNode(t)
	require.NoError(t, f.unlock(testAddr(1), key))
	node := f.node(key)
	at := node.ExitTime.Add(time.Hour)
	node.PendingFeeBps, node.FeeChangeAt = 9_000, &at
	require.NoError(t, f.k.Staking.Nodes.Set(f.ctx, keyHex(key), node))
	require.NoError(t, f.k.Staking.FeeChangeQueue.Set(f.ctx, env.QueueKey(at, keyHex(key))))

	f.nextBlock(node.ExitTime.Sub(f.now()))
	require.NoError(t, f.k.EndBlocker(f.ctx))

	require.False(t, f.hasNode(key))
	require.Equal(t, []*types.EventFeeChangeCancelled{{Pubkey: keyHex(key), PendingFeeBps: 9_000, Reason: "exited"}},
		events[*types.EventFeeChangeCancelled](f))
	queued := 0
	require.NoError(t, f.k.Staking.FeeChangeQueue.Walk(f.ctx, nil, func(collections.Pair[int64, string]) (bool, error) {
		queued++
		return false, nil
	}))
	require.Zero(t, queued, "no change outlives its node")
	f.checkConservation()
}
