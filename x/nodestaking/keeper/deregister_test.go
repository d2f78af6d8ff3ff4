package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func TestDeregisteredNodeEarnsNothingAndPaysThePenaltyAfter30Days(t *testing.T) {
	f := newFixture(t)
	key, operator, contributor := nodeKey(1), testAddr(1), testAddr(2)
	f.newNode(key, 1_000, stake{operator, sesh(6_250)}, stake{contributor, sesh(18_750)})
	f.soloNode(nodeKey(2), testAddr(3), 0)
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(2_000_000)))
	f.endBlock()

	f.nextBlock(6e9)
	require.NoError(t, f.deregister(key))
	exit := f.now().Add(30 * day)

	node := f.record(key).Node
	require.Equal(t, types.NODE_STATUS_DEREGISTERED, node.Status)
	require.True(t, exit.Equal(*node.ExitTime))
	require.Equal(t, []string{queueEntry(exit, key)}, f.exitQueue())
	require.Equal(t, uint64(1), f.activeCount())
	require.Equal(t, []*types.EventNodeDeregistered{{Pubkey: keyHex(key), ExitTime: exit}}, events[*types.EventNodeDeregistered](f))
	// What it earned before stays its contributors' to claim: fee 100,000,
	// then 225,000 and 675,000.
	require.Equal(t, "325000", f.rewards(operator).Pending.String())
	require.Equal(t, "675000", f.rewards(contributor).Pending.String())
	f.endBlock()

	// From now on the index moves, the node's credit does not.
	for _, at := range []time.Time{f.now().Add(day), exit.Add(-time.Nanosecond)} {
		f.nextBlock(at.Sub(f.now()))
		require.True(t, f.emit(math.NewInt(2_000_000)))
		f.endBlock()
		require.True(t, f.hasNode(key), "stakes are locked until %s", exit)
	}
	require.Equal(t, "5000000", f.index().String())
	require.Equal(t, "325000", f.rewards(operator).Pending.String())
	require.Equal(t, "675000", f.rewards(contributor).Pending.String())
	require.Equal(t, "5000000", f.owed(testAddr(3)).String())

	f.nextBlock(exit.Sub(f.now()))
	f.endBlock()

	// 0.2% of the full 25,000 SESH, from the operator's 6,250.
	penalty := sesh(50)
	require.False(t, f.hasNode(key))
	require.Equal(t, startBalance.Sub(penalty).String(), f.balance(operator).String())
	require.Equal(t, startBalance.String(), f.balance(contributor).String())
	require.Equal(t, penalty.String(), f.balance(poolAddr).String())
	require.Equal(t, penalty.String(), f.pool.Inflow(f.ctx, rewardpooltypes.SourcePenalty).String())
	require.Equal(t, []*types.EventNodeExited{{Pubkey: keyHex(key), Returned: sesh(25_000).Sub(penalty), Penalty: penalty}},
		events[*types.EventNodeExited](f))
	// The returned stakes come with the rewards, credited.
	require.Equal(t, "325000", f.claimable(operator).String(), "the penalty comes from the stake, not the rewards")
	require.Equal(t, "675000", f.claimable(contributor).String())
	for _, addr := range []sdk.AccAddress{operator, contributor} {
		require.True(t, f.rewards(addr).Pending.IsZero())
	}
}

func TestDeregisteringAnUnlockingNodeReplacesItsUnlock(t *testing.T) {
	f := newFixture(t)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	require.NoError(t, f.unlock(testAddr(1), key))
	unlock := f.now().Add(15 * day)
	f.nextBlock(day)

	require.NoError(t, f.deregister(key))

	exit := f.now().Add(30 * day)
	require.Equal(t, []string{queueEntry(exit, key)}, f.exitQueue())
	require.Zero(t, f.activeCount())
	f.endBlock()

	f.nextBlock(unlock.Sub(f.now()))
	f.endBlock()
	require.True(t, f.hasNode(key), "the unlock no longer applies")
	require.Equal(t, startBalance.Sub(sesh(25_000)).String(), f.balance(testAddr(1)).String())

	f.nextBlock(exit.Sub(f.now()))
	f.endBlock()
	require.False(t, f.hasNode(key))
	require.Equal(t, startBalance.Sub(sesh(50)).String(), f.balance(testAddr(1)).String())
	require.Equal(t, sesh(50).String(), f.pool.Inflow(f.ctx, rewardpooltypes.SourcePenalty).String())
}

func TestDeregisterRejected(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.soloNode(nodeKey(2), testAddr(2), 0)
	require.NoError(t, f.deregister(nodeKey(2)))

	tests := []struct {
		name    string
		msg     *types.MsgDeregisterNode
		wantErr error
	}{
		{name: "not the authority", msg: &types.MsgDeregisterNode{Authority: testAddr(1).String(), Pubkey: pubkey(nodeKey(1))}, wantErr: types.ErrInvalidAuthority},
		{name: "already deregistered", msg: &types.MsgDeregisterNode{Authority: f.authority, Pubkey: pubkey(nodeKey(2))}, wantErr: types.ErrWrongStatus},
		{name: "unknown node", msg: &types.MsgDeregisterNode{Authority: f.authority, Pubkey: pubkey(nodeKey(3))}, wantErr: types.ErrNodeNotFound},
		{name: "bad key", msg: &types.MsgDeregisterNode{Authority: f.authority, Pubkey: []byte{1}}, wantErr: types.ErrInvalidPubkey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			_, err := f.msgs.DeregisterNode(f.ctx, tc.msg)
			f.requireRejected(err, tc.wantErr, before)
		})
	}
}
