package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// decommissionedByQuorum returns a 12-node network (short liveness) whose
// node 1 its quorum just decommissioned, at the start of the next period.
func decommissionedByQuorum(t *testing.T) *fixture {
	t.Helper()
	f := quorumFixture(t, 12, withParams(func(p *types.Params) {
		p.UptimeProofInterval = 10 * time.Minute
		p.UptimeProofTimeout = 3 * time.Hour
		p.InitialCredit = 10 * time.Hour
		p.MaxCredit = 10 * time.Hour
	}))
	tested := nodeKey(1)
	for _, voter := range members(f.quorum(tested, 0), keysByHex(12))[:7] {
		_, err := f.vote(voter, tested, types.NODE_STATE_DECOMMISSIONED)
		require.NoError(t, err)
	}
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(tested))
	f.endBlock()
	return f
}

// A decommissioned node's own proof no longer brings it back: before
// version 6 it did, one block after its quorum decommissioned it.
func TestOwnProofDoesNotUndoTheQuorumsDecommission(t *testing.T) {
	f := decommissionedByQuorum(t)
	tested := nodeKey(1)
	f.nextBlock(5 * time.Minute)

	res := f.prove(tested)

	require.True(t, res.Decommissioned)
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(tested))
	require.Equal(t, uint64(11), f.activeCount())
	require.Empty(t, events[*types.EventNodeRecommissioned](f))
	require.Equal(t, testEndpoint(), *f.live(tested).Endpoint, "the proof registers the endpoint the quorum tests")
	f.endBlock()
	f.checkLiveness()
}

// Its quorum votes it back once it has proven again, not before.
func TestQuorumVotesBackOnlyAfterAProof(t *testing.T) {
	f := decommissionedByQuorum(t)
	tested := nodeKey(1)
	keys := keysByHex(12)
	f.toNextPeriod(time.Minute, []byte("next"))
	f.nextBlock(time.Minute)
	voters := members(f.quorum(tested, 0), keys)

	before := f.livenessSnapshot()
	_, err := f.vote(voters[0], tested, types.NODE_STATE_RECOMMISSIONED)
	f.requireRefused(err, types.ErrNotProven, before)

	f.prove(tested)
	for _, voter := range voters[:6] {
		_, err := f.vote(voter, tested, types.NODE_STATE_RECOMMISSIONED)
		require.NoError(t, err)
	}
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(tested))
	res, err := f.vote(voters[6], tested, types.NODE_STATE_RECOMMISSIONED)
	require.NoError(t, err)
	require.True(t, res.Applied)
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(tested))
	require.Equal(t, uint64(12), f.activeCount())
	f.endBlock()
	f.checkLiveness()
}

// A proof older than the timeout is not enough to be voted back.
func TestQuorumVoteBackNeedsARecentProof(t *testing.T) {
	f := decommissionedByQuorum(t)
	tested := nodeKey(1)
	f.nextBlock(5 * time.Minute)
	f.prove(tested)
	f.endBlock()
	// 200 minutes on, the others proving every 50: the tested node's proof
	// is older than the 3-hour timeout.
	for range 4 {
		f.nextBlock(50 * time.Minute)
		for _, other := range keysList(12)[1:] {
			f.prove(other)
		}
		f.endBlock()
	}
	f.nextBlock(time.Second)
	voters := members(f.quorum(tested, 0), keysByHex(12))

	before := f.livenessSnapshot()
	_, err := f.vote(voters[0], tested, types.NODE_STATE_RECOMMISSIONED)
	f.requireRefused(err, types.ErrNotProven, before)
}

// The threshold is absolute: in a network of three nodes a quorum of two
// cannot remove anyone (before version 6 one vote of two did).
func TestSmallNetworkVotesRemoveNoOne(t *testing.T) {
	f := quorumFixture(t, 3)
	for _, state := range []types.NodeState{types.NODE_STATE_DECOMMISSIONED, types.NODE_STATE_DEREGISTERED} {
		before := f.livenessSnapshot()
		_, err := f.vote(nodeKey(2), nodeKey(1), state)
		f.requireRefused(err, types.ErrQuorumTooSmall, before)
	}
	require.Equal(t, uint32(7), f.quorum(nodeKey(1), 0).Required)
}

// A deregister vote about a node with enough credit decommissions it, as a
// proof timeout would.
func TestDeregisterVoteFollowsTheCreditRule(t *testing.T) {
	f := quorumFixture(t, 12, withParams(func(p *types.Params) { p.InitialCredit = 10 * time.Hour; p.MaxCredit = 10 * time.Hour }))
	tested := nodeKey(1)
	voters := members(f.quorum(tested, 0), keysByHex(12))
	for _, voter := range voters[:7] {
		_, err := f.vote(voter, tested, types.NODE_STATE_DEREGISTERED)
		require.NoError(t, err)
	}
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(tested))
	require.Empty(t, events[*types.EventNodeDeregistered](f))
	f.endBlock()
	f.checkLiveness()

	// Decommissioned with credit left, it is not voted out either.
	f.toNextPeriod(time.Minute, []byte("next"))
	f.nextBlock(time.Minute)
	before := f.livenessSnapshot()
	_, err := f.vote(members(f.quorum(tested, 0), keysByHex(12))[0], tested, types.NODE_STATE_DEREGISTERED)
	f.requireRefused(err, types.ErrWrongStatus, before)
}

// Every quorum of a period is drawn from the active set of the period's
// start, whenever it is first asked for: nodes that join or leave during the
// period change none (before version 6 a quorum was drawn at its first vote
// from whoever was active then, so one seed gave a node different quorums
// as the set changed).
func TestQuorumsAreFixedAtThePeriodStart(t *testing.T) {
	f := quorumFixture(t, 14)
	f.toNextPeriod(time.Minute, []byte("period start"))
	f.nextBlock(time.Minute)
	start := f.activeOrder()
	before := map[int]types.Quorum{}
	for i := 1; i <= 14; i++ {
		before[i] = f.quorum(nodeKey(i), 0)
	}

	// The set changes: five nodes join, governance deregisters two members
	// of node 1's quorum, and node 4 unlocks (it stays: it serves).
	f.soloNodes(15, 19)
	leaving := members(before[1], keysByHex(14))[:2]
	for _, key := range leaving {
		require.NoError(t, f.deregister(key))
	}
	require.NoError(t, f.unlock(f.operator(nodeKey(4)), nodeKey(4)))
	f.endBlock()
	f.nextBlock(time.Minute)
	f.endBlock()
	f.nextBlock(time.Minute)
	require.NotEqual(t, start, f.activeOrder())

	for i := 1; i <= 14; i++ {
		require.Equal(t, before[i], f.quorum(nodeKey(i), 0), "node %d's quorum is the period start's", i)
	}
	for i := 15; i <= 19; i++ {
		for _, m := range f.quorum(nodeKey(i), 0).Members {
			require.Contains(t, start, m, "a quorum draws from the start's set only")
		}
	}
	// A member that left cannot vote; the quorum stays the same.
	_, err := f.vote(leaving[0], nodeKey(1), types.NODE_STATE_DECOMMISSIONED)
	require.ErrorIs(t, err, types.ErrWrongStatus)

	// Exported and imported, the chain draws the same quorums.
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, gs.Validate())
	g := newFixtureFromGenesis(t, gs, f.balance(moduleAddr))
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())
	for i := 1; i <= 19; i++ {
		require.Equal(t, f.quorum(nodeKey(i), 0), g.quorum(nodeKey(i), 0), "node %d after import", i)
	}

	// The next period draws from the set as it is then.
	f.toNextPeriod(time.Minute, []byte("next"))
	f.nextBlock(time.Minute)
	count, err := f.k.Liveness.PeriodCounts.Get(f.ctx, f.period())
	require.NoError(t, err)
	require.Equal(t, uint64(len(f.activeOrder())), count)
	f.checkLiveness()
}
