package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)


// Governance lowering the requirement to or below an awaiting node's stake
// leaves nothing open: no contribution can fill it. Its operator or a
// contributor activates it, and it earns from then on with the stake it
// holds (issue 17, review L-2).
func TestLoweredRequirementActivatesAStrandedNode(t *testing.T) {
	f := newFixture(t)
	key, operator, contributor := nodeKey(1), testAddr(1), testAddr(2)
	require.NoError(t, f.register(operator, key, sesh(10_000), 0))
	_, err := f.contribute(contributor, key, sesh(11_000))
	require.NoError(t, err)
	f.setParams(func(p *types.Params) { p.StakingRequirement = sesh(20_000) })

	// Stranded: nothing is open, for new contributors or old.
	_, err = f.contribute(testAddr(3), key, sesh(1_000))
	require.ErrorIs(t, err, types.ErrNodeFull)
	_, err = f.contribute(contributor, key, math.OneInt())
	require.ErrorIs(t, err, types.ErrStakeTooHigh)

	_, err = f.msgs.ActivateNode(f.ctx, &types.MsgActivateNode{Sender: contributor.String(), Pubkey: pubkey(key)})
	require.NoError(t, err)

	node := f.node(key)
	require.Equal(t, types.NODE_STATUS_ACTIVE, node.Status)
	require.Equal(t, sesh(21_000).String(), node.TotalStaked.String(), "it keeps every stake")
	require.Equal(t, []*types.EventNodeActivated{{Pubkey: keyHex(key)}}, events[*types.EventNodeActivated](f))
	require.Equal(t, uint64(1), f.activeCount())
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(21_000)))
	require.Equal(t, "10000", f.rewards(operator).Pending.String(), "pro rata by stake: 10,000 of 21,000")
	require.Equal(t, "11000", f.rewards(contributor).Pending.String())
	f.endBlock()
	f.checkLiveness()
	f.checkConservation()
}

func TestActivateNodeRejected(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.register(testAddr(1), nodeKey(1), sesh(10_000), 0))
	f.soloNode(nodeKey(2), testAddr(2), 0)

	tests := []struct {
		name    string
		msg     *types.MsgActivateNode
		wantErr error
	}{
		{name: "stakes below the requirement", msg: &types.MsgActivateNode{Sender: testAddr(1).String(), Pubkey: pubkey(nodeKey(1))}, wantErr: types.ErrStakeTooLow},
		{name: "not a contributor", msg: &types.MsgActivateNode{Sender: testAddr(3).String(), Pubkey: pubkey(nodeKey(1))}, wantErr: types.ErrNotContributor},
		{name: "already active", msg: &types.MsgActivateNode{Sender: testAddr(2).String(), Pubkey: pubkey(nodeKey(2))}, wantErr: types.ErrWrongStatus},
		{name: "unknown node", msg: &types.MsgActivateNode{Sender: testAddr(1).String(), Pubkey: pubkey(nodeKey(3))}, wantErr: types.ErrNodeNotFound},
		{name: "bad key", msg: &types.MsgActivateNode{Sender: testAddr(1).String(), Pubkey: []byte{1}}, wantErr: types.ErrInvalidPubkey},
		{name: "bad sender", msg: &types.MsgActivateNode{Sender: "session1xyz", Pubkey: pubkey(nodeKey(1))}, wantErr: types.ErrInvalidAddress},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			_, err := f.msgs.ActivateNode(f.ctx, tc.msg)
			f.requireRejected(err, tc.wantErr, before)
		})
	}
}

// Lowering max_contributors below a node's spots in use strands nothing: a
// new contributor is refused, but the node's contributors and reserved
// addresses still fill it, and the contribution that reaches the
// requirement activates it. The rule is deliberate: the limit bounds how
// many stakes a node's settlement walks, and a node past it only shrinks.
func TestLoweredMaxContributorsStillFillsFromItsContributors(t *testing.T) {
	f := newFixture(t)
	key := nodeKey(1)
	require.NoError(t, f.register(testAddr(1), key, sesh(6_250), 0, spot(testAddr(5), sesh(2_500))))
	for i := byte(2); i <= 4; i++ {
		_, err := f.contribute(testAddr(i), key, sesh(2_500))
		require.NoError(t, err)
	}
	f.setParams(func(p *types.Params) { p.MaxContributors = 3 })

	_, err := f.contribute(testAddr(6), key, sesh(1_000))
	require.ErrorIs(t, err, types.ErrNodeFull, "no new contributor")
	_, err = f.contribute(testAddr(5), key, sesh(2_500))
	require.NoError(t, err, "the reserved address takes its spot")
	res, err := f.contribute(testAddr(2), key, sesh(8_750))
	require.NoError(t, err, "a contributor tops up")
	require.True(t, res.Activated)
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(key))
	f.checkConservation()
}
