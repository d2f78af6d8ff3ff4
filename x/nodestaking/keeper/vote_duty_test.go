package keeper_test

import (
	"crypto/ed25519"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Voting is a duty (issue 19, item 5): a quorum member that did not vote
// for what its quorum decided missed a vote; one that voted for another
// state is contradicted.

// dutyFixture is a 12-node network in which every node's quorum is 10 of
// the other 11, with proofs never due (the periods pass without them).
func dutyFixture(t *testing.T, change func(*types.Params)) *fixture {
	t.Helper()
	return quorumFixture(t, 12, withParams(func(p *types.Params) {
		p.InitialCredit = 10 * time.Hour
		p.MaxCredit = 10 * time.Hour
		if change != nil {
			change(p)
		}
	}))
}

// decide has voters vote tested to state; the last vote decides.
func (f *fixture) decide(tested ed25519.PrivateKey, state types.NodeState, voters []ed25519.PrivateKey) {
	f.t.Helper()
	for i, voter := range voters {
		res, err := f.vote(voter, tested, state)
		require.NoError(f.t, err)
		require.Equal(f.t, i == len(voters)-1, res.Applied)
	}
}

// settlePeriods ends the current period and the next: the first block of
// the one after deletes (and so settles) the current period's quorums.
func (f *fixture) settlePeriods() {
	f.t.Helper()
	f.endBlock()
	f.toNextPeriod(time.Minute, []byte("next"))
	f.toNextPeriod(time.Minute, []byte("after"))
}

func TestMissedVoteCostsCredit(t *testing.T) {
	f := dutyFixture(t, nil)
	tested := nodeKey(1)
	q := f.quorum(tested, 0)
	voters := members(q, keysByHex(12))
	period := f.period()
	f.decide(tested, types.NODE_STATE_DECOMMISSIONED, voters[:7])
	// A slower member still votes for what was decided: no missed vote.
	res, err := f.vote(voters[7], tested, types.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
	require.False(t, res.Applied, "a late vote changes nothing")
	require.Equal(t, types.NODE_STATE_DECOMMISSIONED, f.quorum(tested, 0).State)

	f.settlePeriods()

	params := f.params()
	now := f.livenessNow()
	var missed []*types.EventVoteMissed
	for _, m := range voters[8:] {
		rec := f.live(m)
		require.Equal(t, uint64(1), rec.MissedVotes)
		require.Equal(t, uint32(1), rec.MissedInRow)
		require.Zero(t, rec.ContradictedVotes)
		// Equal nodes activated together: the member has what a voter has,
		// less the penalty.
		want := f.live(voters[0]).CreditNow(now, params, types.NODE_STATUS_ACTIVE) - types.DefaultMissedVotePenalty
		require.Equal(t, want, rec.CreditNow(now, params, types.NODE_STATUS_ACTIVE))
		res := f.liveness(m)
		require.Equal(t, want, res.Credit, "the liveness query shows it")
		require.Equal(t, uint64(1), res.MissedVotes)
		require.Equal(t, uint32(1), res.MissedInRow)
		missed = append(missed, &types.EventVoteMissed{
			Period: period, Tested: keyHex(tested), Voter: keyHex(m), Decided: "NODE_STATE_DECOMMISSIONED",
			CreditSeconds: int64(want / time.Second), MissedInRow: 1,
		})
	}
	require.ElementsMatch(t, missed, events[*types.EventVoteMissed](f))
	for _, v := range voters[:8] {
		rec := f.live(v)
		require.Zero(t, rec.MissedVotes, "voted, late or not")
		require.Zero(t, rec.ContradictedVotes)
	}
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(voters[8]), "one missed vote fails no one")

	// Settled once: the quorum is gone, later blocks charge nothing more.
	f.nextBlock(time.Minute)
	f.endBlock()
	require.Empty(t, events[*types.EventVoteMissed](f))
	require.Equal(t, uint64(1), f.live(voters[8]).MissedVotes)
	f.checkLiveness()
}

func TestContradictedVoteIsNotedWithoutCost(t *testing.T) {
	f := dutyFixture(t, nil)
	tested := nodeKey(1)
	voters := members(f.quorum(tested, 0), keysByHex(12))
	period := f.period()
	dissenter := voters[0]
	_, err := f.vote(dissenter, tested, types.NODE_STATE_DEREGISTERED)
	require.NoError(t, err)
	f.decide(tested, types.NODE_STATE_DECOMMISSIONED, voters[1:8])
	creditBefore := f.live(dissenter)

	f.settlePeriods()

	rec := f.live(dissenter)
	require.Equal(t, uint64(1), rec.ContradictedVotes)
	require.Equal(t, uint64(1), f.liveness(dissenter).ContradictedVotes)
	require.Zero(t, rec.MissedVotes, "it voted")
	require.Equal(t, creditBefore.Credit, rec.Credit, "a contradicted vote costs no credit")
	require.Equal(t, []*types.EventVoteContradicted{{
		Period: period, Tested: keyHex(tested), Voter: keyHex(dissenter),
		Voted: "NODE_STATE_DEREGISTERED", Decided: "NODE_STATE_DECOMMISSIONED",
	}}, events[*types.EventVoteContradicted](f))
	require.Len(t, events[*types.EventVoteMissed](f), 2, "the two members that did not vote")
	f.checkLiveness()
}

// A decided quorum still takes each member's first vote for the decided
// state, and refuses any other.
func TestLateVotesAfterTheDecision(t *testing.T) {
	f := dutyFixture(t, nil)
	tested := nodeKey(1)
	q := f.quorum(tested, 0)
	voters := members(q, keysByHex(12))
	f.decide(tested, types.NODE_STATE_DECOMMISSIONED, voters[:7])
	outsider := nonMembers(f, q, tested, 12)[0]
	for _, c := range []struct {
		name    string
		voter   ed25519.PrivateKey
		state   types.NodeState
		wantErr error
	}{
		{"another state", voters[8], types.NODE_STATE_DEREGISTERED, types.ErrVoteDecided},
		{"a non-member", outsider, types.NODE_STATE_DECOMMISSIONED, types.ErrNotQuorumMember},
		{"a second vote", voters[0], types.NODE_STATE_DECOMMISSIONED, types.ErrAlreadyVoted},
	} {
		before := f.livenessSnapshot()
		_, err := f.vote(c.voter, tested, c.state)
		f.requireRefused(err, c.wantErr, before)
	}
	bad := voteMsg(voters[8], tested, chainID, f.period(), types.NODE_STATE_DECOMMISSIONED)
	bad.Signature[0] ^= 1
	_, err := f.msgs.NodeStateVote(f.ctx, bad)
	require.ErrorIs(t, err, types.ErrInvalidSignature)

	_, err = f.vote(voters[8], tested, types.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
	require.Len(t, f.votesAbout(tested, 0), 8)

	// Not after the period.
	f.endBlock()
	f.toNextPeriod(time.Minute, []byte("next"))
	f.nextBlock(time.Minute)
	msg := voteMsg(voters[9], tested, chainID, f.period()-1, types.NODE_STATE_DECOMMISSIONED)
	_, err = f.msgs.NodeStateVote(f.ctx, msg)
	require.ErrorIs(t, err, types.ErrWrongPeriod)
}

// max_missed_votes missed votes in a row fail the member as a failed proof
// would: decommissioned with enough credit.
func TestMissedVotesInARowFailTheMember(t *testing.T) {
	f := dutyFixture(t, func(p *types.Params) { p.MaxMissedVotes = 2 })
	keys := keysByHex(12)
	first, second := nodeKey(1), nodeKey(2)
	// A member of both quorums that votes in neither.
	var slacker ed25519.PrivateKey
	for _, m := range f.quorum(first, 0).Members {
		if m != keyHex(second) && slices.Contains(f.quorum(second, 0).Members, m) {
			slacker = keys[m]
			break
		}
	}
	require.NotNil(t, slacker)
	for _, tested := range []ed25519.PrivateKey{first, second} {
		var voters []ed25519.PrivateKey
		for _, m := range members(f.quorum(tested, 0), keys) {
			if keyHex(m) != keyHex(slacker) && f.status(m) == types.NODE_STATUS_ACTIVE && len(voters) < 7 {
				voters = append(voters, m)
			}
		}
		f.decide(tested, types.NODE_STATE_DECOMMISSIONED, voters)
	}

	f.settlePeriods()

	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(slacker))
	rec := f.live(slacker)
	require.Equal(t, uint64(2), rec.MissedVotes)
	require.Zero(t, rec.MissedInRow, "counted afresh once it is back")
	want := 10*time.Hour - 2*types.DefaultMissedVotePenalty
	require.Equal(t, []*types.EventNodeDecommissioned{{
		Pubkey: keyHex(slacker), Reason: "missed votes", CreditSeconds: int64(want / time.Second),
	}}, events[*types.EventNodeDecommissioned](f))
	f.checkLiveness()
}

// A vote for the decided state resets the count of missed votes in a row.
func TestAVoteResetsTheMissedVotesInARow(t *testing.T) {
	f := dutyFixture(t, func(p *types.Params) { p.MaxMissedVotes = 2 })
	keys := keysByHex(12)
	tested := nodeKey(1)
	voters := members(f.quorum(tested, 0), keys)
	member := voters[9]
	f.decide(tested, types.NODE_STATE_DECOMMISSIONED, voters[:7])
	f.settlePeriods()
	require.Equal(t, uint32(1), f.live(member).MissedInRow)

	// Another node, whose quorum the member sits on and votes in.
	f.nextBlock(time.Minute)
	var other ed25519.PrivateKey
	for i := 2; i <= 12 && other == nil; i++ {
		if key := nodeKey(i); keyHex(key) != keyHex(member) && slices.Contains(f.quorum(key, 0).Members, keyHex(member)) {
			other = key
		}
	}
	require.NotNil(t, other)
	var rest []ed25519.PrivateKey
	for _, m := range members(f.quorum(other, 0), keys) {
		if keyHex(m) != keyHex(member) && f.status(m) == types.NODE_STATUS_ACTIVE && len(rest) < 6 {
			rest = append(rest, m)
		}
	}
	f.decide(other, types.NODE_STATE_DECOMMISSIONED, append([]ed25519.PrivateKey{member}, rest...))
	f.settlePeriods()

	rec := f.live(member)
	require.Zero(t, rec.MissedInRow)
	require.Equal(t, uint64(1), rec.MissedVotes)
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(member))
}

// Params 0 turn the penalty and the failure off; missed votes are still
// counted.
func TestMissedVotesWithoutPenalty(t *testing.T) {
	f := dutyFixture(t, func(p *types.Params) { p.MissedVotePenalty, p.MaxMissedVotes = 0, 0 })
	tested := nodeKey(1)
	voters := members(f.quorum(tested, 0), keysByHex(12))
	f.decide(tested, types.NODE_STATE_DECOMMISSIONED, voters[:7])
	before := f.live(voters[9])

	f.settlePeriods()

	rec := f.live(voters[9])
	require.Equal(t, uint64(1), rec.MissedVotes)
	now := f.livenessNow()
	require.Equal(t, before.CreditNow(now, f.params(), types.NODE_STATUS_ACTIVE), rec.CreditNow(now, f.params(), types.NODE_STATUS_ACTIVE))
}

// A decided quorum and the counters go through an export and an import:
// both chains settle the same missed votes.
func TestVoteDutyGenesisRoundTrip(t *testing.T) {
	f := dutyFixture(t, nil)
	tested := nodeKey(1)
	voters := members(f.quorum(tested, 0), keysByHex(12))
	f.decide(tested, types.NODE_STATE_DECOMMISSIONED, voters[:7])
	f.endBlock()
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Len(t, exported.Quorums, 1)
	require.Equal(t, types.NODE_STATE_DECOMMISSIONED, exported.Quorums[0].Quorum.State)
	g := newFixtureFromGenesis(t, exported, f.balance(moduleAddr))
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())

	for _, c := range []*fixture{f, g} {
		c.nextBlock(time.Minute)
		_, err := c.vote(voters[7], tested, types.NODE_STATE_DECOMMISSIONED)
		require.NoError(t, err, "the late vote is taken after the import too")
		c.settlePeriods()
		require.Equal(t, uint64(1), c.live(voters[9]).MissedVotes)
	}
	for _, m := range voters {
		require.Equal(t, f.live(m), g.live(m))
	}
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.NoError(t, again.Validate())
}

// Without min_decommission_credit left, a member that misses
// max_missed_votes in a row is deregistered, as a timed-out node would be.
func TestMissedVotesWithoutCreditDeregister(t *testing.T) {
	f := dutyFixture(t, func(p *types.Params) {
		p.MaxMissedVotes = 1
		p.MinDecommissionCredit = 10*time.Hour - time.Minute // more than a member has after a penalty
	})
	tested := nodeKey(1)
	voters := members(f.quorum(tested, 0), keysByHex(12))
	// The tested node has its full 10 h: decommissioned, not deregistered.
	f.decide(tested, types.NODE_STATE_DECOMMISSIONED, voters[:7])
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(tested))

	f.settlePeriods()

	for _, m := range voters[7:] {
		require.Equal(t, types.NODE_STATUS_DEREGISTERED, f.status(m))
	}
	failed := events[*types.EventNodeFailed](f)
	require.Len(t, failed, 3)
	for _, ev := range failed {
		require.Equal(t, "missed votes", ev.Reason)
	}
	require.Len(t, events[*types.EventNodeDeregistered](f), 3)
	f.checkLiveness()
}
