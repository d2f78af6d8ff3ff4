package keeper_test

import (
	"crypto/ed25519"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// quorumFixture returns a fixture with n active nodes (keys 1..n), a block
// after the one that fixed the current period's seed.
func quorumFixture(t *testing.T, n int, opts ...func(*types.GenesisState)) *fixture {
	t.Helper()
	f := newFixture(t, opts...)
	f.soloNodes(1, n)
	f.nextBlock(time.Minute)
	f.endBlock()
	f.nextBlock(time.Minute)
	return f
}

// members returns the keys of a quorum's members, in order.
func members(q types.Quorum, keys map[string]ed25519.PrivateKey) []ed25519.PrivateKey {
	out := make([]ed25519.PrivateKey, len(q.Members))
	for i, m := range q.Members {
		out[i] = keys[m]
	}
	return out
}

// nonMembers returns the active nodes among keys 1..n that are neither
// tested nor in q.
func nonMembers(f *fixture, q types.Quorum, tested ed25519.PrivateKey, n int) []ed25519.PrivateKey {
	var out []ed25519.PrivateKey
	for i := 1; i <= n; i++ {
		key := nodeKey(i)
		if keyHex(key) != keyHex(tested) && !slices.Contains(q.Members, keyHex(key)) && f.status(key) == types.NODE_STATUS_ACTIVE {
			out = append(out, key)
		}
	}
	return out
}

// votesAbout returns the Votes query's answer about key in a period.
func (f *fixture) votesAbout(key ed25519.PrivateKey, period uint64) []types.NodeVote {
	f.t.Helper()
	res, err := f.queries.Votes(f.ctx, &types.QueryVotesRequest{Pubkey: keyHex(key), Period: period})
	require.NoError(f.t, err)
	return res.Votes
}

func TestSevenVotesOfTenChangeTheStateSixDoNot(t *testing.T) {
	f := quorumFixture(t, 12)
	tested := nodeKey(1)
	q := f.quorum(tested, 0)
	require.Len(t, q.Members, 10)
	require.Equal(t, uint32(7), q.Required)
	require.False(t, q.Decided)
	voters := members(q, keysByHex(12))
	period := f.period()

	for i, voter := range voters[:6] {
		res, err := f.vote(voter, tested, types.NODE_STATE_DECOMMISSIONED)
		require.NoError(t, err)
		require.False(t, res.Applied, "vote %d", i+1)
		require.Equal(t, []*types.EventNodeStateVote{{
			Period: period, Tested: keyHex(tested), Voter: keyHex(voter), State: "NODE_STATE_DECOMMISSIONED",
		}}, events[*types.EventNodeStateVote](f))
		require.Len(t, f.votesAbout(tested, 0), i+1)
		f.endBlock()
		f.nextBlock(time.Second)
	}
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(tested), "six votes of ten change nothing")
	stored, err := f.k.Liveness.Quorums.Get(f.ctx, collections.Join(period, keyHex(tested)))
	require.NoError(t, err)
	require.Equal(t, q, stored, "the first vote fixed the quorum")
	require.Equal(t, uint64(12), f.activeCount())

	res, err := f.vote(voters[6], tested, types.NODE_STATE_DECOMMISSIONED)

	require.NoError(t, err)
	require.True(t, res.Applied)
	node := f.node(tested)
	rec := f.live(tested)
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, node.Status)
	credit := 2*time.Hour + f.now().Sub(genesisTime)/30
	require.Equal(t, credit, rec.Credit)
	require.Equal(t, []*types.EventNodeDecommissioned{{
		Pubkey: keyHex(tested), Reason: "quorum vote", CreditSeconds: int64(credit / time.Second),
	}}, events[*types.EventNodeDecommissioned](f))
	require.True(t, f.quorum(tested, 0).Decided)
	require.Equal(t, uint64(11), f.activeCount())
	votes := f.votesAbout(tested, period)
	require.Len(t, votes, 7)
	for _, v := range votes {
		require.Equal(t, types.NODE_STATE_DECOMMISSIONED, v.State)
		require.Equal(t, period, v.Period)
		require.Equal(t, keyHex(tested), v.Tested)
		require.Contains(t, q.Members, v.Voter)
	}
	f.endBlock()
	f.checkLiveness()
}

func TestQuorumRecommissionsADecommissionedNode(t *testing.T) {
	f := quorumFixture(t, 12)
	tested := nodeKey(1)
	keys := keysByHex(12)
	for _, voter := range members(f.quorum(tested, 0), keys)[:7] {
		_, err := f.vote(voter, tested, types.NODE_STATE_DECOMMISSIONED)
		require.NoError(t, err)
	}
	down := f.now()
	atDown := f.live(tested).Credit
	f.endBlock()

	// Next period: the decommissioned node is tested by ten of the eleven
	// active nodes.
	f.toNextPeriod(10*time.Minute, []byte("next period"))
	f.nextBlock(time.Minute)
	f.prove(tested) // its quorum votes it back once it proves again
	q := f.quorum(tested, 0)
	require.Len(t, q.Members, 10)
	voters := members(q, keys)
	for _, voter := range voters[:6] {
		res, err := f.vote(voter, tested, types.NODE_STATE_RECOMMISSIONED)
		require.NoError(t, err)
		require.False(t, res.Applied)
	}
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(tested))

	res, err := f.vote(voters[6], tested, types.NODE_STATE_RECOMMISSIONED)

	require.NoError(t, err)
	require.True(t, res.Applied)
	node := f.node(tested)
	rec := f.live(tested)
	require.Equal(t, types.NODE_STATUS_ACTIVE, node.Status)
	want := max(atDown-2*f.now().Sub(down), 0)
	require.Equal(t, want, rec.Credit)
	require.Equal(t, []*types.EventNodeRecommissioned{{
		Pubkey: keyHex(tested), Reason: "quorum vote", CreditSeconds: int64(want / time.Second),
	}}, events[*types.EventNodeRecommissioned](f))
	require.Equal(t, uint64(12), f.activeCount())
	f.endBlock()
	f.checkLiveness()
}

func TestQuorumVoteDeregisters(t *testing.T) {
	for _, status := range []types.NodeStatus{types.NODE_STATUS_ACTIVE, types.NODE_STATUS_DECOMMISSIONED} {
		t.Run(status.String(), func(t *testing.T) {
			// A deregister vote follows the credit rule of a failure: an
			// active node is deregistered only with less credit than
			// min_decommission_credit (3 h here, against its 2 h); a
			// decommissioned one once its credit burnt below it.
			minCredit := types.DefaultMinDecommissionCredit
			if status == types.NODE_STATUS_ACTIVE {
				minCredit = 3 * time.Hour
			}
			f := quorumFixture(t, 12, withParams(func(p *types.Params) { p.MinDecommissionCredit = minCredit }))
			tested := nodeKey(1)
			keys := keysByHex(12)
			if status == types.NODE_STATUS_DECOMMISSIONED {
				for _, voter := range members(f.quorum(tested, 0), keys)[:7] {
					_, err := f.vote(voter, tested, types.NODE_STATE_DECOMMISSIONED)
					require.NoError(t, err)
				}
				f.endBlock()
				f.toNextPeriod(time.Minute, nil)
				f.nextBlock(time.Minute)
			}
			voters := members(f.quorum(tested, 0), keys)
			for _, voter := range voters[:6] {
				_, err := f.vote(voter, tested, types.NODE_STATE_DEREGISTERED)
				require.NoError(t, err)
			}
			require.Equal(t, status, f.status(tested))

			res, err := f.vote(voters[6], tested, types.NODE_STATE_DEREGISTERED)

			require.NoError(t, err)
			require.True(t, res.Applied)
			exit := f.now().Add(types.DefaultDeregistrationLock)
			require.Equal(t, types.NODE_STATUS_DEREGISTERED, f.status(tested))
			require.Equal(t, []*types.EventNodeFailed{{Pubkey: keyHex(tested), Reason: "quorum vote"}}, events[*types.EventNodeFailed](f))
			require.Equal(t, []*types.EventNodeDeregistered{{Pubkey: keyHex(tested), ExitTime: exit}}, events[*types.EventNodeDeregistered](f))
			require.Equal(t, []string{queueEntry(exit, tested)}, f.exitQueue())
			require.Equal(t, uint64(11), f.activeCount())
			f.endBlock()
			f.checkLiveness()
		})
	}
}

// signedVote returns voter's vote about tested whose signature is signer's
// over the given document.
func signedVote(voter, tested, signer ed25519.PrivateKey, period uint64, state types.NodeState,
	chain string, signedTested ed25519.PrivateKey, signedPeriod uint64, signedState types.NodeState,
) *types.MsgNodeStateVote {
	signBytes, err := types.NodeStateVoteSignBytes(chain, testAddr(1).String(), keyHex(voter), keyHex(signedTested), signedPeriod, signedState)
	if err != nil {
		panic(err)
	}
	return &types.MsgNodeStateVote{
		Sender: testAddr(1).String(), Voter: pubkey(voter), Tested: pubkey(tested), Period: period, State: state,
		Signature: ed25519.Sign(signer, signBytes),
	}
}

func TestNodeStateVoteRejected(t *testing.T) {
	const n = 12
	tested := nodeKey(1)
	decommission := types.NODE_STATE_DECOMMISSIONED
	// Each case gets the fixture, the quorum's members and the one active
	// non-member, and returns the Msg to refuse.
	tests := []struct {
		name    string
		msg     func(f *fixture, voters []ed25519.PrivateKey, outsider ed25519.PrivateKey) *types.MsgNodeStateVote
		wantErr error
	}{
		{
			name: "not a member of the quorum",
			msg: func(f *fixture, _ []ed25519.PrivateKey, outsider ed25519.PrivateKey) *types.MsgNodeStateVote {
				return voteMsg(outsider, tested, chainID, f.period(), decommission)
			},
			wantErr: types.ErrNotQuorumMember,
		},
		{
			// A member's vote copied into a transaction of another account.
			name: "signed for another sender",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				msg := voteMsg(voters[0], tested, chainID, f.period(), decommission)
				msg.Sender = testAddr(2).String()
				return msg
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "a vote about itself",
			msg: func(f *fixture, _ []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return voteMsg(tested, tested, chainID, f.period(), decommission)
			},
			wantErr: types.ErrNotQuorumMember,
		},
		{
			name: "the next period",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return voteMsg(voters[0], tested, chainID, f.period()+1, decommission)
			},
			wantErr: types.ErrWrongPeriod,
		},
		{
			name: "the previous period",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return voteMsg(voters[0], tested, chainID, f.period()-1, decommission)
			},
			wantErr: types.ErrWrongPeriod,
		},
		{
			name: "the previous period, whose quorums are still kept",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				f.endBlock()
				f.toNextPeriod(time.Minute, nil)
				f.nextBlock(time.Minute)
				_, err := f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: keyHex(tested), Period: f.period() - 1})
				require.NoError(t, err, "the previous period's seed is kept")
				return voteMsg(voters[0], tested, chainID, f.period()-1, decommission)
			},
			wantErr: types.ErrWrongPeriod,
		},
		{
			name: "the first block of a period, before its seed is fixed",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				f.nextBlock(time.Hour)
				return voteMsg(voters[0], tested, chainID, f.period(), decommission)
			},
			wantErr: types.ErrWrongPeriod,
		},
		{
			name: "twice",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				_, err := f.vote(voters[0], tested, decommission)
				require.NoError(t, err)
				f.nextBlock(time.Second)
				return voteMsg(voters[0], tested, chainID, f.period(), decommission)
			},
			wantErr: types.ErrAlreadyVoted,
		},
		{
			name: "twice, for another state",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				_, err := f.vote(voters[0], tested, decommission)
				require.NoError(t, err)
				return voteMsg(voters[0], tested, chainID, f.period(), types.NODE_STATE_DEREGISTERED)
			},
			wantErr: types.ErrAlreadyVoted,
		},
		{
			name: "after the quorum decided",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				for _, v := range voters[:7] {
					_, err := f.vote(v, tested, decommission)
					require.NoError(t, err)
				}
				return voteMsg(voters[7], tested, chainID, f.period(), types.NODE_STATE_RECOMMISSIONED)
			},
			wantErr: types.ErrVoteDecided,
		},
		{
			name: "decommission a decommissioned node",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				for _, v := range voters[:7] {
					_, err := f.vote(v, tested, decommission)
					require.NoError(t, err)
				}
				f.endBlock()
				f.toNextPeriod(time.Minute, nil)
				f.nextBlock(time.Second)
				return voteMsg(members(f.quorum(tested, 0), keysByHex(n))[0], tested, chainID, f.period(), decommission)
			},
			wantErr: types.ErrWrongStatus,
		},
		{
			name: "recommission an active node",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return voteMsg(voters[0], tested, chainID, f.period(), types.NODE_STATE_RECOMMISSIONED)
			},
			wantErr: types.ErrWrongStatus,
		},
		{
			name: "recommission an unlocking node",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				require.NoError(t, f.unlock(testAddr(1), tested))
				return voteMsg(voters[0], tested, chainID, f.period(), types.NODE_STATE_RECOMMISSIONED)
			},
			wantErr: types.ErrWrongStatus,
		},
		{
			name: "decommission a node awaiting contributions",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				require.NoError(t, f.register(testAddr(20), nodeKey(20), sesh(10_000), 0))
				return voteMsg(voters[0], nodeKey(20), chainID, f.period(), decommission)
			},
			wantErr: types.ErrWrongStatus,
		},
		{
			name: "deregister a deregistered node",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				require.NoError(t, f.deregister(tested))
				return voteMsg(voters[0], tested, chainID, f.period(), types.NODE_STATE_DEREGISTERED)
			},
			wantErr: types.ErrWrongStatus,
		},
		{
			name: "a voter that does not serve",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				_, err := f.vote(voters[0], tested, decommission)
				require.NoError(t, err)
				require.NoError(t, f.deregister(voters[1]))
				return voteMsg(voters[1], tested, chainID, f.period(), decommission)
			},
			wantErr: types.ErrWrongStatus,
		},
		{
			name: "an unknown voter",
			msg: func(f *fixture, _ []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return voteMsg(nodeKey(99), tested, chainID, f.period(), decommission)
			},
			wantErr: types.ErrNodeNotFound,
		},
		{
			name: "an unknown tested node",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return voteMsg(voters[0], nodeKey(99), chainID, f.period(), decommission)
			},
			wantErr: types.ErrNodeNotFound,
		},
		{
			name: "signed by another member",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return signedVote(voters[0], tested, voters[1], f.period(), decommission, chainID, tested, f.period(), decommission)
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signed for another chain",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return signedVote(voters[0], tested, voters[0], f.period(), decommission, "session-test-2", tested, f.period(), decommission)
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signed about another node",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return signedVote(voters[0], tested, voters[0], f.period(), decommission, chainID, nodeKey(2), f.period(), decommission)
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signed for another period",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return signedVote(voters[0], tested, voters[0], f.period(), decommission, chainID, tested, f.period()-1, decommission)
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signed for another state",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return signedVote(voters[0], tested, voters[0], f.period(), decommission, chainID, tested, f.period(), types.NODE_STATE_DEREGISTERED)
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "the signature of an uptime proof",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				m := voteMsg(voters[0], tested, chainID, f.period(), decommission)
				m.Signature = f.proofMsg(testAddr(1), voters[0], chainID, 1).Signature
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "no state",
			msg: func(f *fixture, voters []ed25519.PrivateKey, _ ed25519.PrivateKey) *types.MsgNodeStateVote {
				return voteMsg(voters[0], tested, chainID, f.period(), types.NODE_STATE_UNSPECIFIED)
			},
			wantErr: types.ErrInvalidState,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := quorumFixture(t, n)
			q := f.quorum(tested, 0)
			outsiders := nonMembers(f, q, tested, n)
			require.Len(t, outsiders, 1)
			msg := tc.msg(f, members(q, keysByHex(n)), outsiders[0])
			before := f.livenessSnapshot()

			_, err := f.msgs.NodeStateVote(f.ctx, msg)

			f.requireRefused(err, tc.wantErr, before)
		})
	}
}

// In a network smaller than a full quorum every other serving node tests
// each node, and the threshold stays seven votes: below eight nodes votes
// remove no one.
func TestSmallNetworkQuorumIsEveryOtherActiveNode(t *testing.T) {
	for nodes := 2; nodes <= 11; nodes++ {
		t.Run(fmt.Sprintf("%d nodes", nodes), func(t *testing.T) {
			f := quorumFixture(t, nodes)
			// Whatever the seed, every other node tests each node.
			for seed := range 40 {
				f.toNextPeriod(time.Minute, fmt.Appendf(nil, "block hash %d", seed))
				for i := 1; i <= nodes; i++ {
					q := f.quorum(nodeKey(i), 0)
					var others []string
					for j := 1; j <= nodes; j++ {
						if j != i {
							others = append(others, keyHex(nodeKey(j)))
						}
					}
					require.ElementsMatch(t, others, q.Members, "seed %d, node %d", seed, i)
					require.Equal(t, uint32(7), q.Required)
				}
			}

			f.nextBlock(time.Minute)
			tested := nodeKey(1)
			voters := members(f.quorum(tested, 0), keysByHex(nodes))
			if nodes < 8 {
				before := f.livenessSnapshot()
				_, err := f.vote(voters[0], tested, types.NODE_STATE_DECOMMISSIONED)
				f.requireRefused(err, types.ErrQuorumTooSmall, before)
				return
			}
			// Six votes change nothing; seven do.
			for _, voter := range voters[:6] {
				res, err := f.vote(voter, tested, types.NODE_STATE_DECOMMISSIONED)
				require.NoError(t, err)
				require.False(t, res.Applied)
			}
			require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(tested))
			res, err := f.vote(voters[6], tested, types.NODE_STATE_DECOMMISSIONED)
			require.NoError(t, err)
			require.True(t, res.Applied)
			require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(tested))

			// A decommissioned node is tested by all the serving nodes.
			f.endBlock()
			f.toNextPeriod(time.Minute, nil)
			q := f.quorum(tested, 0)
			require.ElementsMatch(t, f.activeOrder(), q.Members)
			require.Equal(t, uint32(7), q.Required)
		})
	}
}

func TestQuorumsOfALargeNetwork(t *testing.T) {
	for _, n := range []int{12, 13, 16, 25} {
		t.Run(fmt.Sprintf("%d nodes", n), func(t *testing.T) {
			f := quorumFixture(t, n)
			keys := keysByHex(n)
			for seed := range 20 {
				f.toNextPeriod(time.Minute, fmt.Appendf(nil, "hash %d", seed))
				for i := 1; i <= n; i++ {
					q := f.quorum(nodeKey(i), 0)
					require.Len(t, q.Members, 10)
					require.Equal(t, uint32(7), q.Required)
					require.NotContains(t, q.Members, keyHex(nodeKey(i)))
					seen := map[string]bool{}
					for _, m := range q.Members {
						require.False(t, seen[m], "member %s drawn twice", m)
						seen[m] = true
						require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(keys[m]))
					}
				}
			}
		})
	}
}

// expectedQuorum is the documented draw, computed apart from the keeper:
// draw i takes the active node numbered QuorumDraw(seed, tested, i) mod the
// active count, or the next numbers up (wrapping) past the tested node and
// the members already drawn.
func expectedQuorum(seed []byte, tested string, order []string, p types.Params) types.Quorum {
	others := len(order)
	if slices.Contains(order, tested) {
		others--
	}
	size := min(int(p.QuorumSize), others)
	var q types.Quorum
	n := uint64(len(order))
	for i := uint32(0); len(q.Members) < size; i++ {
		idx := types.QuorumDraw(seed, tested, i) % n
		for order[idx] == tested || slices.Contains(q.Members, order[idx]) {
			idx = (idx + 1) % n
		}
		q.Members = append(q.Members, order[idx])
	}
	q.Required = p.RequiredVotes()
	return q
}

func TestQuorumIsTheDocumentedDraw(t *testing.T) {
	f := quorumFixture(t, 15)
	// Reorder the active set: node 3 leaves, node 15 takes its number.
	require.NoError(t, f.unlock(testAddr(3), nodeKey(3)))
	f.endBlock()
	for seed := range 5 {
		f.toNextPeriod(time.Minute, []byte{byte(seed)})
		period := f.period()
		s, err := f.k.Liveness.PeriodSeeds.Get(f.ctx, period)
		require.NoError(t, err)
		require.Equal(t, types.DeriveSeed(period, []byte{byte(seed)}), s, "the seed is the first block's hash")
		for i := 1; i <= 15; i++ {
			want := expectedQuorum(s, keyHex(nodeKey(i)), f.activeOrder(), f.params())
			require.Equal(t, want, f.quorum(nodeKey(i), 0), "node %d", i)
		}
	}
}

// buildQuorumChain drives a fixture through a fixed history: registrations,
// an unlock, a decommission by quorum, proofs, with block hashes.
func buildQuorumChain(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.soloNodes(1, 14)
	f.nextBlock(time.Minute)
	f.withHash([]byte("block 1"))
	f.endBlock()
	f.nextBlock(time.Minute)
	require.NoError(t, f.unlock(testAddr(4), nodeKey(4)))
	f.endBlock()
	f.toNextPeriod(time.Minute, []byte("period start"))
	f.nextBlock(time.Minute)
	keys := keysByHex(14)
	for _, voter := range members(f.quorum(nodeKey(6), 0), keys)[:7] {
		_, err := f.vote(voter, nodeKey(6), types.NODE_STATE_DECOMMISSIONED)
		require.NoError(t, err)
	}
	f.soloNode(nodeKey(15), testAddr(15), 0)
	f.endBlock()
	f.nextBlock(time.Hour)
	f.withHash([]byte("another period"))
	f.endBlock()
	f.nextBlock(time.Minute)
	return f
}

func TestQuorumIsDeterministic(t *testing.T) {
	a, b := buildQuorumChain(t), buildQuorumChain(t)
	require.Equal(t, a.activeOrder(), b.activeOrder())
	for i := 1; i <= 15; i++ {
		qa := a.quorum(nodeKey(i), 0)
		require.Equal(t, qa, b.quorum(nodeKey(i), 0), "node %d", i)
		require.Equal(t, a.quorum(nodeKey(i), a.period()-1), b.quorum(nodeKey(i), b.period()-1), "node %d, previous period", i)
	}

	// Another block hash at the start of the period draws other quorums.
	c := buildQuorumChain(t)
	c.toNextPeriod(time.Minute, []byte("hash a"))
	d := buildQuorumChain(t)
	d.toNextPeriod(time.Minute, []byte("hash b"))
	differ := 0
	for i := 1; i <= 15; i++ {
		if !slices.Equal(c.quorum(nodeKey(i), 0).Members, d.quorum(nodeKey(i), 0).Members) {
			differ++
		}
	}
	require.Positive(t, differ)
}

func TestQuorumDoesNotChangeWithTheTestedNodesTransactions(t *testing.T) {
	f := quorumFixture(t, 14, withLiveness)
	tested := nodeKey(1)
	// The start of a period, so that the test stays in it.
	f.toNextPeriod(time.Minute, []byte("a period"))
	f.nextBlock(time.Minute)
	before := map[int]types.Quorum{}
	for i := 1; i <= 14; i++ {
		before[i] = f.quorum(nodeKey(i), 0)
	}
	require.NoError(t, f.register(testAddr(20), nodeKey(20), sesh(10_000), 0))
	f.endBlock()
	period := f.period()

	for _, dt := range []time.Duration{5 * time.Minute, 35 * time.Minute} {
		f.nextBlock(dt)
		require.True(t, f.emit(math.NewInt(14_000_000)))
		if f.now().Sub(f.live(tested).LastProofAt) >= types.DefaultUptimeProofInterval/2 {
			f.prove(tested)
			f.prove(nodeKey(2))
		}
		_, err := f.claim(testAddr(1))
		require.NoError(t, err)
		_, err = f.contribute(testAddr(1), nodeKey(20), sesh(2_000))
		require.NoError(t, err)
		_, err = f.vote(tested, nodeKey(2), types.NODE_STATE_RECOMMISSIONED)
		require.ErrorIs(t, err, types.ErrWrongStatus)
		f.endBlock()
		require.Equal(t, before[1], f.quorum(tested, 0))
	}
	// The tested node votes, as a member of another node's quorum.
	other := slices.IndexFunc(keysList(14), func(k ed25519.PrivateKey) bool {
		return slices.Contains(before[indexOf(k)].Members, keyHex(tested))
	})
	require.NotEqual(t, -1, other)
	_, err := f.vote(tested, nodeKey(other+1), types.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
	require.Equal(t, uint64(2), f.live(tested).Proofs)
	require.Equal(t, period, f.period())
	for i := 1; i <= 14; i++ {
		require.Equal(t, before[i], f.quorum(nodeKey(i), 0), "node %d", i)
	}
}

func TestQuorumIsFixedAtTheFirstVote(t *testing.T) {
	f := quorumFixture(t, 14)
	tested := nodeKey(1)
	keys := keysByHex(20)
	q := f.quorum(tested, 0)
	voters := members(q, keys)
	_, err := f.vote(voters[0], tested, types.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)

	// The active set changes: three nodes join, a member and a non-member
	// leave.
	f.soloNodes(15, 17)
	leaving := voters[9]
	require.NoError(t, f.deregister(leaving))
	outsider := nonMembers(f, q, tested, 14)[0]
	require.NoError(t, f.deregister(outsider))
	f.endBlock()
	f.nextBlock(time.Minute)

	require.Equal(t, q, f.quorum(tested, 0))
	_, err = f.vote(leaving, tested, types.NODE_STATE_DECOMMISSIONED)
	require.ErrorIs(t, err, types.ErrWrongStatus, "a member that left votes no more")
	for i := 15; i <= 17; i++ {
		_, err = f.vote(nodeKey(i), tested, types.NODE_STATE_DECOMMISSIONED)
		require.ErrorIs(t, err, types.ErrNotQuorumMember, "a node that joined after the first vote")
	}
	for _, voter := range voters[1:6] {
		res, err := f.vote(voter, tested, types.NODE_STATE_DECOMMISSIONED)
		require.NoError(t, err)
		require.False(t, res.Applied)
	}
	res, err := f.vote(voters[6], tested, types.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
	require.True(t, res.Applied)
	f.endBlock()
	f.checkLiveness()
}

func TestOldPeriodsArePruned(t *testing.T) {
	f := quorumFixture(t, 12)
	tested := nodeKey(1)
	keys := keysByHex(12)
	first := f.period()
	_, err := f.vote(members(f.quorum(tested, 0), keys)[0], tested, types.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
	fixed := f.quorum(tested, first)
	f.endBlock()

	// The next period keeps the previous one.
	f.toNextPeriod(time.Minute, []byte("second"))
	require.Equal(t, first+1, f.period())
	require.Equal(t, fixed, f.quorum(tested, first))
	require.Len(t, f.votesAbout(tested, first), 1)
	f.nextBlock(time.Minute)
	_, err = f.vote(members(f.quorum(tested, 0), keys)[0], tested, types.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
	f.endBlock()

	// The one after forgets the first.
	f.toNextPeriod(time.Minute, []byte("third"))
	for _, has := range []func() (bool, error){
		func() (bool, error) { return f.k.Liveness.PeriodSeeds.Has(f.ctx, first) },
		func() (bool, error) { return f.k.Liveness.Quorums.Has(f.ctx, collections.Join(first, keyHex(tested))) },
	} {
		ok, err := has()
		require.NoError(t, err)
		require.False(t, ok)
	}
	require.Empty(t, f.votesAbout(tested, first))
	_, err = f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: keyHex(tested), Period: first})
	require.ErrorIs(t, err, types.ErrWrongPeriod)
	require.Len(t, f.votesAbout(tested, first+1), 1)
	has, err := f.k.Liveness.Quorums.Has(f.ctx, collections.Join(first+1, keyHex(tested)))
	require.NoError(t, err)
	require.True(t, has)

	// A halt that skips periods forgets everything but the new seed.
	f.nextBlock(5 * time.Hour)
	f.endBlock()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, []types.PeriodSeed{{Period: f.period(), Seed: types.DeriveSeed(f.period(), nil)}}, gs.PeriodSeeds)
	require.Empty(t, gs.Quorums)
	require.Empty(t, gs.Votes)
}

// TestPruningLeavesValidGenesis prunes past periods one record a block and
// exports and validates the genesis after every block: a vote never outlives
// its quorum, nor a quorum its period's seed, while pruning is half done.
func TestPruningLeavesValidGenesis(t *testing.T) {
	f := quorumFixture(t, 12, withParams(func(p *types.Params) { p.MaxPrunedPerBlock = 1 }))
	tested := nodeKey(1)
	first := f.period()
	for _, voter := range members(f.quorum(tested, 0), keysByHex(12))[:3] {
		_, err := f.vote(voter, tested, types.NODE_STATE_DECOMMISSIONED)
		require.NoError(t, err)
	}
	f.endBlock()
	f.toNextPeriod(time.Minute, []byte("second"))
	f.toNextPeriod(time.Minute, []byte("third"))
	for range 20 {
		gs, err := f.k.ExportGenesis(f.ctx)
		require.NoError(t, err)
		require.NoError(t, gs.Validate(), "the genesis after block %d, while pruning", f.height)
		seed, err := f.k.Liveness.PeriodSeeds.Has(f.ctx, first)
		require.NoError(t, err)
		if !seed {
			require.Empty(t, f.votesAbout(tested, first), "the period's seed went last")
			return
		}
		f.nextBlock(time.Minute)
		f.endBlock()
	}
	t.Fatalf("period %d is not pruned after 20 blocks of one record each", first)
}

func TestLivenessQueriesRejectBadRequests(t *testing.T) {
	f := quorumFixture(t, 3)
	_, err := f.queries.Liveness(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	_, err = f.queries.Liveness(f.ctx, &types.QueryLivenessRequest{Pubkey: "zz"})
	require.ErrorIs(t, err, types.ErrInvalidPubkey)
	_, err = f.queries.Liveness(f.ctx, &types.QueryLivenessRequest{Pubkey: keyHex(nodeKey(9))})
	require.ErrorIs(t, err, types.ErrNodeNotFound)
	_, err = f.queries.Quorum(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	_, err = f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: keyHex(nodeKey(9))})
	require.ErrorIs(t, err, types.ErrNodeNotFound)
	_, err = f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: keyHex(nodeKey(1)), Period: f.period() + 1})
	require.ErrorIs(t, err, types.ErrWrongPeriod)
	_, err = f.queries.Votes(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	_, err = f.queries.Votes(f.ctx, &types.QueryVotesRequest{Pubkey: "01"})
	require.ErrorIs(t, err, types.ErrInvalidPubkey)

	// Upper-case keys are read as the node's.
	res, err := f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: fmt.Sprintf("%X", pubkey(nodeKey(1)))})
	require.NoError(t, err)
	require.Equal(t, f.period(), res.Period)
	require.Len(t, res.Quorum.Members, 2)
}

func TestLongerTestingPeriodDoesNotReviveOldQuorums(t *testing.T) {
	// Credit for the 136 periods the node stays down.
	f := quorumFixture(t, 12, withParams(func(p *types.Params) { p.InitialCredit, p.MaxCredit = 1000*time.Hour, 1000*time.Hour }))
	tested := nodeKey(1)
	old := f.period()
	for _, voter := range members(f.quorum(tested, 0), keysByHex(12))[:7] {
		_, err := f.vote(voter, tested, types.NODE_STATE_DECOMMISSIONED)
		require.NoError(t, err)
	}
	f.endBlock()

	// Governance lengthens the testing period by a second: period numbers
	// restart lower and catch up with the old ones 136 periods later.
	params := f.params()
	params.TestingPeriod = time.Hour + time.Second
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: params})
	require.NoError(t, err)
	f.nextBlock(time.Minute)
	f.endBlock()
	require.Less(t, f.period(), old)
	start := time.Unix(0, int64(old)*int64(params.TestingPeriod)) //nolint:gosec // test times are after 1970
	f.nextBlock(start.Add(time.Minute).Sub(f.now()))
	f.withHash([]byte("a new block"))
	f.endBlock()
	f.nextBlock(time.Minute)

	require.Equal(t, old, f.period())
	seed, err := f.k.Liveness.PeriodSeeds.Get(f.ctx, old)
	require.NoError(t, err)
	require.Equal(t, types.DeriveSeed(old, []byte("a new block")), seed, "a new seed, not the old period's")
	require.False(t, f.quorum(tested, 0).Decided, "not the quorum that decided weeks ago")
	require.Empty(t, f.votesAbout(tested, 0))
	f.prove(tested)
	_, err = f.vote(members(f.quorum(tested, 0), keysByHex(12))[0], tested, types.NODE_STATE_RECOMMISSIONED)
	require.NoError(t, err)
}

// A shorter testing period takes effect from the next block: the seed of the
// period under the new numbering is fixed at once, and votes in it count.
func TestShorterTestingPeriodTakesEffectNextBlock(t *testing.T) {
	f := quorumFixture(t, 12)
	tested := nodeKey(1)
	params := f.params()
	params.TestingPeriod = 10 * time.Minute
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: params})
	require.NoError(t, err)
	f.nextBlock(time.Second)
	f.withHash([]byte("under the new period"))
	f.endBlock()
	f.nextBlock(time.Second)

	period := types.Period(f.now(), params.TestingPeriod)
	require.Equal(t, period, f.period())
	seed, err := f.k.Liveness.PeriodSeeds.Get(f.ctx, period)
	require.NoError(t, err, "the new period's seed is fixed in the first block after the change")
	require.Equal(t, types.DeriveSeed(period, []byte("under the new period")), seed)
	_, err = f.vote(members(f.quorum(tested, 0), keysByHex(12))[0], tested, types.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
}

// Forgetting a past period deletes at most max_pruned_per_block of its
// records a block, whatever the number of votes cast in it, and the rest in
// the next blocks (issue 17, review L-7).
func TestPeriodCleanUpIsBoundedPerBlock(t *testing.T) {
	f := quorumFixture(t, 12)
	f.setParams(func(p *types.Params) { p.MaxPrunedPerBlock = 4 })
	first := f.period()
	keys := keysByHex(12)
	// Votes about three nodes: 3 quorums and 6 votes, and the seed.
	for _, tested := range []ed25519.PrivateKey{nodeKey(1), nodeKey(2), nodeKey(3)} {
		for _, voter := range members(f.quorum(tested, 0), keys)[:2] {
			_, err := f.vote(voter, tested, types.NODE_STATE_DECOMMISSIONED)
			require.NoError(t, err)
		}
	}
	f.endBlock()
	records := func(period uint64) int {
		gs, err := f.k.ExportGenesis(f.ctx)
		require.NoError(t, err)
		n := 0
		for _, s := range gs.PeriodSeeds {
			if s.Period == period {
				n++
			}
		}
		for _, q := range gs.Quorums {
			if q.Period == period {
				n++
			}
		}
		for _, v := range gs.Votes {
			if v.Period == period {
				n++
			}
		}
		for _, s := range gs.PeriodActiveSets {
			if s.Period == period {
				n += 1 + len(s.Pages)
			}
		}
		return n
	}
	require.Equal(t, 11, records(first), "and the size of the period's active set")

	f.toNextPeriod(time.Minute, []byte("second"))
	require.Equal(t, 11, records(first), "the previous period stays")
	// A quorum goes whole with its votes (it settles its members' duty as
	// it goes, see TestMissedVoteCostsCredit): the first of a block always,
	// the next ones while they fit in max_pruned_per_block.
	f.toNextPeriod(time.Minute, []byte("third"))
	require.Equal(t, 8, records(first), "a quorum and its two votes deleted in the period's first block")
	for _, left := range []int{5, 2, 0} {
		f.nextBlock(time.Second)
		f.endBlock()
		require.Equal(t, left, records(first))
	}
	require.Equal(t, 2, records(first+2), "the new period's seed and active set size")
}
