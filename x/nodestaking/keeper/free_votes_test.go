package keeper_test

import (
	"crypto/ed25519"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// freeCount is a voter's free votes of the block so far.
func (f *fixture) freeCount(voter ed25519.PrivateKey) uint32 {
	f.t.Helper()
	n, err := f.free.Counts.Get(f.ctx, keyHex(voter))
	if err != nil {
		return 0
	}
	return n
}

// endFreeBlock empties the free-vote counts, as the chain empties its
// transient stores after a block.
func (f *fixture) endFreeBlock() {
	f.t.Helper()
	require.NoError(f.t, f.free.Counts.Clear(f.ctx, nil))
}

// testedBy returns the nodes among 1..12 whose quorum in the current period
// has voter as a member.
func (f *fixture) testedBy(voter ed25519.PrivateKey) []int {
	f.t.Helper()
	var out []int
	for i := 1; i <= 12; i++ {
		if key := nodeKey(i); keyHex(key) != keyHex(voter) && slices.Contains(f.quorum(key, 0).Members, keyHex(voter)) {
			out = append(out, i)
		}
	}
	return out
}

func TestFreeVotesAdmit(t *testing.T) {
	tested := nodeKey(1)
	decommission := types.NODE_STATE_DECOMMISSIONED
	tests := []struct {
		name string
		msgs func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg
		free bool
	}{
		{name: "a serving node's vote", free: true, msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			return []sdk.Msg{voteMsg(voter, tested, chainID, f.period(), decommission)}
		}},
		{name: "two votes", free: true, msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			other := nodeKey(f.testedBy(voter)[1])
			return []sdk.Msg{voteMsg(voter, tested, chainID, f.period(), decommission), voteMsg(voter, other, chainID, f.period(), decommission)}
		}},
		// What the handler would refuse is not free (issue 19, finding 1).
		{name: "not a member of the quorum", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			in := f.testedBy(voter)
			for i := 2; i <= 12; i++ {
				if key := nodeKey(i); keyHex(key) != keyHex(voter) && !slices.Contains(in, i) {
					return []sdk.Msg{voteMsg(voter, key, chainID, f.period(), decommission)}
				}
			}
			f.t.Fatal("the voter is in every quorum")
			return nil
		}},
		{name: "about an unregistered node", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			return []sdk.Msg{voteMsg(voter, nodeKey(99), chainID, f.period(), decommission)}
		}},
		{name: "a state the tested node cannot take", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			return []sdk.Msg{voteMsg(voter, tested, chainID, f.period(), types.NODE_STATE_RECOMMISSIONED)}
		}},
		{name: "signed for another sender", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			msg := voteMsg(voter, tested, chainID, f.period(), decommission)
			msg.Sender = testAddr(2).String()
			return []sdk.Msg{msg}
		}},
		{name: "another state than the quorum decided", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			for _, v := range members(f.quorum(tested, 0), keysByHex(12))[1:8] {
				_, err := f.vote(v, tested, decommission)
				require.NoError(f.t, err)
			}
			return []sdk.Msg{voteMsg(voter, tested, chainID, f.period(), types.NODE_STATE_DEREGISTERED)}
		}},
		{name: "a late vote for what the quorum decided", free: true, msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			for _, v := range members(f.quorum(tested, 0), keysByHex(12))[1:8] {
				_, err := f.vote(v, tested, decommission)
				require.NoError(f.t, err)
			}
			return []sdk.Msg{voteMsg(voter, tested, chainID, f.period(), decommission)}
		}},
		{name: "no message", msgs: func(*fixture, ed25519.PrivateKey) []sdk.Msg { return nil }},
		{name: "a vote and another message", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			return []sdk.Msg{voteMsg(voter, tested, chainID, f.period(), decommission), f.proofMsg(testAddr(1), voter, chainID, 1)}
		}},
		{name: "a vote of another period", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			return []sdk.Msg{voteMsg(voter, tested, chainID, f.period()+1, decommission)}
		}},
		{name: "another chain's signature", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			return []sdk.Msg{voteMsg(voter, tested, "other-chain", f.period(), decommission)}
		}},
		{name: "an unregistered key", msgs: func(f *fixture, _ ed25519.PrivateKey) []sdk.Msg {
			return []sdk.Msg{voteMsg(nodeKey(99), tested, chainID, f.period(), decommission)}
		}},
		{name: "a malformed vote", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			msg := voteMsg(voter, tested, chainID, f.period(), decommission)
			msg.Signature = msg.Signature[:10]
			return []sdk.Msg{msg}
		}},
		{name: "a decommissioned voter", msgs: func(f *fixture, _ ed25519.PrivateKey) []sdk.Msg {
			down := nodeKey(12)
			for _, v := range members(f.quorum(down, 0), keysByHex(12))[:7] {
				_, err := f.vote(v, down, decommission)
				require.NoError(f.t, err)
			}
			require.Equal(f.t, types.NODE_STATUS_DECOMMISSIONED, f.status(down))
			return []sdk.Msg{voteMsg(down, tested, chainID, f.period(), decommission)}
		}},
		{name: "a vote already cast", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			_, err := f.vote(voter, tested, decommission)
			require.NoError(f.t, err)
			return []sdk.Msg{voteMsg(voter, tested, chainID, f.period(), types.NODE_STATE_DEREGISTERED)}
		}},
		{name: "free votes turned off", msgs: func(f *fixture, voter ed25519.PrivateKey) []sdk.Msg {
			f.setParams(func(p *types.Params) { p.MaxFreeVotesPerBlock = 0 })
			return []sdk.Msg{voteMsg(voter, tested, chainID, f.period(), decommission)}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := quorumFixture(t, 12)
			voter := members(f.quorum(tested, 0), keysByHex(12))[0]
			msgs := tc.msgs(f, voter)

			free, err := f.free.Admit(f.ctx, msgs)

			require.NoError(t, err)
			require.Equal(t, tc.free, free)
			if !tc.free {
				require.Zero(t, f.freeCount(voter), "nothing counted for a transaction not admitted")
			}
		})
	}
}

// At most max_free_votes_per_block free votes per voter node a block,
// counted per vote; another voter has its own.
func TestFreeVotesPerBlockLimit(t *testing.T) {
	f := quorumFixture(t, 12, withParams(func(p *types.Params) { p.MaxFreeVotesPerBlock = 3 }))
	voter, other := nodeKey(12), nodeKey(11)
	// Votes about the voter's 1st, 2nd... node it tests (a member of 10 of
	// the 11 others' quorums).
	vote := func(voter ed25519.PrivateKey, nth ...int) []sdk.Msg {
		in := f.testedBy(voter)
		var msgs []sdk.Msg
		for _, i := range nth {
			msgs = append(msgs, voteMsg(voter, nodeKey(in[i-1]), chainID, f.period(), types.NODE_STATE_DECOMMISSIONED))
		}
		return msgs
	}
	admit := func(msgs []sdk.Msg) bool {
		free, err := f.free.Admit(f.ctx, msgs)
		require.NoError(t, err)
		return free
	}

	require.True(t, admit(vote(voter, 1, 2)))
	require.False(t, admit(vote(voter, 3, 4)), "two more would make four")
	require.Equal(t, uint32(2), f.freeCount(voter), "the refused transaction counted nothing")
	require.True(t, admit(vote(voter, 3)))
	require.False(t, admit(vote(voter, 4)))
	require.True(t, admit(vote(other, 1, 2, 3)), "another voter's limit")

	f.endFreeBlock()
	f.nextBlock(time.Second)
	require.True(t, admit(vote(voter, 4)), "a new block, a new count")
	require.Equal(t, uint32(1), f.freeCount(voter))
}
