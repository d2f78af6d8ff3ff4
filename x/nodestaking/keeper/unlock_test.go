package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func TestUnlockedNodeEarnsUntilItsExitThenReturnsEveryStake(t *testing.T) {
	f := newFixture(t, withoutProofDuty)
	key := nodeKey(1)
	stakes := []stake{{testAddr(1), sesh(6_250)}, {testAddr(2), sesh(10_000)}, {testAddr(3), sesh(8_750)}}
	f.newNode(key, 800, stakes...)
	f.soloNode(nodeKey(2), testAddr(4), 0) // keeps the emission going after node 1 leaves
	const perBlock = 2_000_000_000
	f.nextBlock(40 * day)
	require.NoError(t, f.unlock(testAddr(2), key))
	exit := f.now().Add(15 * day)

	node := f.record(key).Node
	require.Equal(t, types.NODE_STATUS_UNLOCKING, node.Status)
	require.True(t, exit.Equal(*node.ExitTime))
	require.Equal(t, []string{queueEntry(exit, key)}, f.exitQueue())
	require.Equal(t, []*types.EventUnlockRequested{{Pubkey: keyHex(key), Requester: testAddr(2).String(), ExitTime: exit}},
		events[*types.EventUnlockRequested](f))
	require.Equal(t, uint64(2), f.activeCount(), "an unlocking node still earns")
	f.endBlock()

	// Blocks up to and including the exit time each pay the node half.
	earned := int64(0)
	for _, at := range []time.Time{f.now().Add(7 * day), exit.Add(-time.Nanosecond), exit} {
		f.nextBlock(at.Sub(f.now()))
		require.True(t, f.emit(math.NewInt(perBlock)))
		earned += perBlock / 2
		f.endBlock()
		if at.Before(exit) {
			require.True(t, f.hasNode(key), "still there at %s", at)
			require.Equal(t, uint64(2), f.activeCount())
		}
	}

	require.False(t, f.hasNode(key), "the node left at its exit time")
	require.Empty(t, f.exitQueue())
	require.Equal(t, uint64(1), f.activeCount())
	require.Equal(t, []*types.EventNodeExited{{Pubkey: keyHex(key), Returned: sesh(25_000), Penalty: math.ZeroInt()}},
		events[*types.EventNodeExited](f))
	want := types.SplitReward(math.NewInt(earned), 800, []math.Int{sesh(6_250), sesh(10_000), sesh(8_750)})
	for i, s := range stakes {
		require.Equal(t, startBalance.String(), f.balance(s.addr).String(), "contributor %d has its stake back", i)
		r := f.rewards(s.addr)
		require.Equal(t, want[i].String(), r.Claimable.String(), "contributor %d's rewards up to the exit block", i)
		require.True(t, r.Pending.IsZero())
	}
	res, err := f.queries.ContributorNodes(f.ctx, &types.QueryContributorNodesRequest{Address: testAddr(2).String()})
	require.NoError(t, err)
	require.Empty(t, res.Nodes)

	// The next block's emission goes to the remaining node alone.
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(perBlock)))
	f.endBlock()
	require.Equal(t, want[0].String(), f.owed(testAddr(1)).String())
	require.Equal(t, int64(perBlock/2*3+perBlock), f.owed(testAddr(4)).Int64())
}

func TestUnlockSmallContributorWaits30Days(t *testing.T) {
	const (
		operator = iota
		small    // 6,250 SESH less one nsesh: under 25%
		quarter  // exactly 25%: not small
		big
	)
	tests := []struct {
		name      string
		requester int
		after     time.Duration // since activation
		wantErr   error
	}{
		{name: "small contributor in the first 30 days", requester: small, after: 30*day - time.Nanosecond, wantErr: types.ErrTooEarly},
		{name: "small contributor right after activation", requester: small, after: 0, wantErr: types.ErrTooEarly},
		{name: "small contributor after 30 days", requester: small, after: 30 * day},
		{name: "operator at once", requester: operator, after: 0},
		{name: "contributor with exactly 25% at once", requester: quarter, after: 0},
		{name: "big contributor at once", requester: big, after: time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, withoutProofDuty)
			key := nodeKey(1)
			addrs := []stake{
				{testAddr(1), sesh(6_250)},
				{testAddr(2), sesh(6_250).SubRaw(1)},
				{testAddr(3), sesh(6_250)},
				{testAddr(4), sesh(6_250).AddRaw(1)},
			}
			f.newNode(key, 0, addrs...)
			activated := *f.record(key).Node.ActivatedAt
			f.nextBlock(activated.Add(tc.after).Sub(f.now()))
			requester := addrs[tc.requester].addr
			before := f.snapshot()

			err := f.unlock(requester, key)

			if tc.wantErr != nil {
				f.requireRejected(err, tc.wantErr, before)
				return
			}
			require.NoError(t, err)
			require.Equal(t, types.NODE_STATUS_UNLOCKING, f.record(key).Node.Status)
			require.True(t, f.now().Add(15*day).Equal(*f.record(key).Node.ExitTime))
		})
	}
}

func TestUnlockRejected(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	require.NoError(t, f.register(testAddr(2), nodeKey(2), sesh(6_250), 0))
	f.soloNode(nodeKey(3), testAddr(3), 0)
	require.NoError(t, f.unlock(testAddr(3), nodeKey(3)))
	f.nextBlock(day)

	tests := []struct {
		name    string
		addr    int
		node    int
		wantErr error
	}{
		{name: "a stranger", addr: 9, node: 1, wantErr: types.ErrNotContributor},
		{name: "a node awaiting contributions", addr: 2, node: 2, wantErr: types.ErrWrongStatus},
		{name: "a node already unlocking", addr: 3, node: 3, wantErr: types.ErrWrongStatus},
		{name: "an unknown node", addr: 1, node: 4, wantErr: types.ErrNodeNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			err := f.unlock(testAddr(byte(tc.addr)), nodeKey(tc.node))
			f.requireRejected(err, tc.wantErr, before)
		})
	}
}

// An operator whose stake governance let fall under 25% may still unlock
// at once: the 30-day rule is for the other contributors.
func TestUnlockOperatorUnderAQuarterAtOnce(t *testing.T) {
	f := newFixture(t)
	params := types.DefaultParams()
	params.MinOperatorStakeBps = 1_000
	require.NoError(t, f.k.Params.Set(f.ctx, params))
	key := nodeKey(1)
	operator := testAddr(1)
	f.newNode(key, 0, stake{operator, sesh(2_500)}, stake{testAddr(2), sesh(22_500)})

	require.NoError(t, f.unlock(operator, key))
	require.Equal(t, types.NODE_STATUS_UNLOCKING, f.record(key).Node.Status)
}
