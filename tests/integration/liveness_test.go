package integration

import (
	"crypto/ed25519"
	"encoding/json"
	"slices"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// livenessChain is a chain with accounts funded accounts and the
// nodestaking params changed by edit.
func livenessChain(t *testing.T, accounts int, edit func(*nstypes.Params)) *testutil.Chain {
	t.Helper()
	opts := testutil.DefaultChainOptions()
	opts.Accounts = accounts
	opts.EditGenesis = func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, _ []testutil.Account) {
		testutil.SetNodeStakingParams(t, cdc, genesis, func(p *nstypes.Params) {
			// The tests jump hours in one block to let deadlines pass: no
			// halt detection, unless edit turns it on.
			p.HaltThreshold = 0
			if edit != nil {
				edit(p)
			}
		})
	}
	return testutil.NewChain(t, opts)
}

// registerNodes registers one node fully staked by each account, all in one
// block 1 s after the last, and returns their keys in account order.
func registerNodes(t *testing.T, c *testutil.Chain, accounts []testutil.Account) []ed25519.PrivateKey {
	t.Helper()
	keys := make([]ed25519.PrivateKey, len(accounts))
	txs := make([][]byte, len(accounts))
	for i, acc := range accounts {
		var msg *nstypes.MsgRegisterNode
		msg, keys[i] = testutil.RegisterNodeMsg(t, c.ChainID, acc.Address, sesh(25_000), 0)
		txs[i] = c.SignTx(acc, msg)
	}
	res := c.NextBlock(time.Second, txs...)
	for _, r := range res.TxResults {
		require.Zero(t, r.Code, r.Log)
	}
	for _, key := range keys {
		require.Equal(t, nstypes.NODE_STATUS_ACTIVE, nodeStatus(t, c, key))
	}
	return keys
}

// recordOf returns a node's liveness record.
func recordOf(t *testing.T, c *testutil.Chain, key ed25519.PrivateKey) nstypes.LivenessRecord {
	t.Helper()
	rec, err := c.App.NodeStakingKeeper.Liveness.Records.Get(c.Ctx(), nodeID(key))
	require.NoError(t, err)
	return rec
}

func nodeOf(t *testing.T, c *testutil.Chain, key ed25519.PrivateKey) nstypes.Node {
	t.Helper()
	node, err := c.App.NodeStakingKeeper.Staking.Nodes.Get(c.Ctx(), nodeID(key))
	require.NoError(t, err)
	return node
}

// proofTx is key's next uptime proof, sent by from.
func proofTx(t *testing.T, c *testutil.Chain, from testutil.Account, key ed25519.PrivateKey) []byte {
	t.Helper()
	height, appHash := c.LastBlock()
	return c.SignTx(from, testutil.UptimeProofMsg(t, c, from.Address, key, recordOf(t, c, key).Proofs+1, height, appHash))
}

// voteMsgNow is voter's vote about tested in the current period, sent by from.
func voteMsgNow(t *testing.T, c *testutil.Chain, from testutil.Account, voter, tested ed25519.PrivateKey, state nstypes.NodeState) sdk.Msg {
	t.Helper()
	params, err := c.App.NodeStakingKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	return testutil.NodeStateVoteMsg(t, c.ChainID, from.Address, voter, tested, nstypes.Period(c.Time, params.TestingPeriod), state)
}

func livenessOf(t *testing.T, c *testutil.Chain, key ed25519.PrivateKey) *nstypes.QueryLivenessResponse {
	t.Helper()
	res, err := nsQuery(c).Liveness(c.Ctx(), &nstypes.QueryLivenessRequest{Pubkey: nodeID(key)})
	require.NoError(t, err)
	return res
}

func quorumOf(t *testing.T, c *testutil.Chain, key ed25519.PrivateKey) *nstypes.QueryQuorumResponse {
	t.Helper()
	res, err := nsQuery(c).Quorum(c.Ctx(), &nstypes.QueryQuorumRequest{Pubkey: nodeID(key)})
	require.NoError(t, err)
	return res
}

func votesOf(t *testing.T, c *testutil.Chain, key ed25519.PrivateKey) *nstypes.QueryVotesResponse {
	t.Helper()
	res, err := nsQuery(c).Votes(c.Ctx(), &nstypes.QueryVotesRequest{Pubkey: nodeID(key)})
	require.NoError(t, err)
	return res
}

// owedTo is everything acc has earned and not claimed.
func owedTo(t *testing.T, c *testutil.Chain, acc testutil.Account) math.Int {
	t.Helper()
	r := rewardsOf(t, c, acc)
	return r.Claimable.Add(r.Pending)
}

// typedEvents returns the events of type T among events, without the
// "mode" attribute FinalizeBlock adds to begin- and end-block events.
func typedEvents[T proto.Message](t *testing.T, events []abci.Event) []T {
	t.Helper()
	var zero T
	var out []T
	for _, e := range events {
		if e.Type != proto.MessageName(zero) {
			continue
		}
		e.Attributes = slices.DeleteFunc(slices.Clone(e.Attributes), func(a abci.EventAttribute) bool { return a.Key == "mode" })
		msg, err := sdk.ParseTypedEvent(e)
		require.NoError(t, err)
		ev, ok := msg.(T)
		require.True(t, ok)
		out = append(out, ev)
	}
	return out
}

func rewardState(t *testing.T, c *testutil.Chain) nstypes.RewardState {
	t.Helper()
	st, err := c.App.NodeStakingKeeper.Rewards.State.Get(c.Ctx())
	require.NoError(t, err)
	return st
}

// indexBeforeChange returns the reward index a block reached with its
// emission alone, before a node leaving the split in the block spread the
// carry over the others: prev is the state before the block, now after it.
// The equal split: each of prev's earning nodes gets floor((emission +
// carry) / nodes).
func indexBeforeChange(prev, now nstypes.RewardState) math.Int {
	emitted := now.TotalReceived.Sub(prev.TotalReceived)
	return prev.RewardIndex.Add(emitted.Add(prev.Carry).QuoRaw(int64(prev.EarningNodes))) //nolint:gosec // a handful of nodes
}

// requireCode checks a refused transaction's registered nodestaking error.
func requireCode(t *testing.T, res *abci.ExecTxResult, want error) {
	t.Helper()
	code, ok := want.(interface{ ABCICode() uint32 })
	require.True(t, ok)
	require.Equal(t, code.ABCICode(), res.Code, res.Log)
	require.Equal(t, nstypes.ModuleName, res.Codespace)
}

// TestNodeThatStopsProving follows a node that stops sending uptime proofs
// through the whole app, with 10-minute proofs and a 30-minute timeout: it
// is decommissioned at the timeout, earns nothing while down, comes back by
// a proof with its credit less twice the time down, and once that credit is
// under the minimum, its next timeout deregisters it; 30 days later its
// stake comes back less the penalty.
func TestNodeThatStopsProving(t *testing.T) {
	c := livenessChain(t, 3, func(p *nstypes.Params) {
		p.UptimeProofInterval = 10 * time.Minute
		p.UptimeProofTimeout = 30 * time.Minute
	})
	c.NextBlock(time.Second)
	a, b := c.Accounts[0], c.Accounts[1]
	keys := registerNodes(t, c, []testutil.Account{a, b})
	down, up := keys[0], keys[1]
	activated := c.Time
	indexAtStart := rewardIndex(t, c)
	require.True(t, activated.Add(30*time.Minute).Equal(*livenessOf(t, c, down).ProofDeadline))

	// Node B proves every 10 minutes; node A never does.
	c.NextBlock(10*time.Minute, proofTx(t, c, b, up))
	c.NextBlock(10*time.Minute, proofTx(t, c, b, up))
	c.NextBlock(10*time.Minute - time.Nanosecond)
	require.Equal(t, nstypes.NODE_STATUS_ACTIVE, nodeStatus(t, c, down), "1 ns before the timeout")
	prev := rewardState(t, c)
	res := c.NextBlock(time.Nanosecond, proofTx(t, c, b, up))
	require.Zero(t, res.TxResults[0].Code, res.TxResults[0].Log)

	// At the timeout it is decommissioned with 2 h + 30 min / 30 of credit.
	wentDown := c.Time
	require.Equal(t, nstypes.NODE_STATUS_DECOMMISSIONED, nodeStatus(t, c, down))
	require.Equal(t, []*nstypes.EventNodeDecommissioned{{Pubkey: nodeID(down), Reason: "uptime proof timeout", CreditSeconds: 7260}},
		typedEvents[*nstypes.EventNodeDecommissioned](t, res.Events))
	live := livenessOf(t, c, down)
	require.Equal(t, 2*time.Hour+time.Minute, live.Credit)
	require.True(t, wentDown.Add(2*time.Hour+time.Minute).Equal(*live.CreditRunsOut))
	// A earned its equal share of every block up to the one that
	// decommissioned it; the carry left then goes to B.
	earnedBefore := indexBeforeChange(prev, rewardState(t, c)).Sub(indexAtStart)
	require.True(t, earnedBefore.IsPositive())
	require.Equal(t, earnedBefore, owedTo(t, c, a))
	require.Equal(t, rewardIndex(t, c).Sub(indexAtStart), owedTo(t, c, b))
	requireNodeConservation(t, c)

	// While it is down, B earns alone and A nothing.
	c.NextBlock(10*time.Minute, proofTx(t, c, b, up))
	c.NextBlock(10*time.Minute - time.Second)
	require.Equal(t, earnedBefore, owedTo(t, c, a))
	require.Equal(t, rewardIndex(t, c).Sub(indexAtStart), owedTo(t, c, b))
	require.Equal(t, 2*time.Hour+time.Minute-(20*time.Minute-time.Second), livenessOf(t, c, down).Credit, "the credit burns")

	// 20 minutes down, a proof brings it back with 2 h 1 min − 40 min.
	height, appHash := c.LastBlock()
	proof := c.Deliver(time.Second, a, testutil.UptimeProofMsg(t, c, a.Address, down, 1, height, appHash))
	require.Zero(t, proof.Code, proof.Log)
	require.False(t, msgResponse[nstypes.MsgUptimeProofResponse](t, proof).Decommissioned)
	require.Equal(t, []*nstypes.EventNodeRecommissioned{{Pubkey: nodeID(down), Reason: "uptime proof", CreditSeconds: 4860}},
		typedEvents[*nstypes.EventNodeRecommissioned](t, proof.Events))
	backUp := c.Time
	require.Equal(t, nstypes.NODE_STATUS_ACTIVE, nodeStatus(t, c, down))
	require.Equal(t, time.Hour+21*time.Minute, livenessOf(t, c, down).Credit)
	indexAtReturn := rewardIndex(t, c)
	require.Equal(t, earnedBefore, owedTo(t, c, a), "the block's emission came before the proof")

	// It earns again from the next block.
	c.NextBlock(5*time.Minute, proofTx(t, c, b, up))
	require.Equal(t, earnedBefore.Add(rewardIndex(t, c).Sub(indexAtReturn)), owedTo(t, c, a))
	require.Equal(t, rewardIndex(t, c).Sub(indexAtStart), owedTo(t, c, b))
	requireNodeConservation(t, c)

	// It stops again: with 1 h 22 min of credit at the timeout, under the
	// 2 h minimum, it is deregistered.
	c.NextBlock(10*time.Minute, proofTx(t, c, b, up))
	c.NextBlock(10*time.Minute, proofTx(t, c, b, up))
	prev = rewardState(t, c)
	res = c.NextBlock(backUp.Add(30*time.Minute).Sub(c.Time), proofTx(t, c, b, up))
	require.Equal(t, nstypes.NODE_STATUS_DEREGISTERED, nodeStatus(t, c, down))
	require.Equal(t, []*nstypes.EventNodeFailed{{Pubkey: nodeID(down), Reason: "uptime proof timeout"}},
		typedEvents[*nstypes.EventNodeFailed](t, res.Events))
	require.Equal(t, time.Hour+22*time.Minute, recordOf(t, c, down).Credit)
	exit := c.Time.Add(30 * 24 * time.Hour)
	require.True(t, exit.Equal(*nodeOf(t, c, down).ExitTime))
	owedA := owedTo(t, c, a)
	require.Equal(t, earnedBefore.Add(indexBeforeChange(prev, rewardState(t, c)).Sub(indexAtReturn)), owedA)
	c.NextBlock(time.Minute)
	require.Equal(t, owedA, owedTo(t, c, a), "a deregistered node earns nothing")
	requireNodeConservation(t, c)

	// 30 days later its stake comes back less 0.2% of it, paid into the pool.
	before := c.Balance(a.Address)
	c.NextBlock(exit.Sub(c.Time))
	_, err := c.App.NodeStakingKeeper.Staking.Nodes.Get(c.Ctx(), nodeID(down))
	require.Error(t, err, "node A has left")
	require.Equal(t, before.Add(sesh(25_000)).Sub(sesh(50)), c.Balance(a.Address))
	require.Equal(t, sesh(50), inflow(totalsQuery(t, c), rptypes.SourcePenalty))
	require.Equal(t, owedA, owedTo(t, c, a), "its rewards are still A's to claim")
	requireNodeConservation(t, c)
}

// TestQuorumVotesThroughTheApp has the quorum of one of 12 nodes vote it
// down and, in the next period, back up, through real transactions: 6 votes
// of 10 change nothing, the 7th does; non-members and second votes are
// refused with the registered codes; the node earns nothing in between.
// Halfway, the chain is exported and a fresh app started from the export
// draws the same quorums and reaches the same decision.
func TestQuorumVotesThroughTheApp(t *testing.T) {
	// A day's timeout: the test spans three periods without proofs.
	c := livenessChain(t, 13, func(p *nstypes.Params) { p.UptimeProofTimeout = 24 * time.Hour })
	c.NextBlock(time.Second)
	keys := registerNodes(t, c, c.Accounts[:12])
	indexAtStart := rewardIndex(t, c)
	// A period's quorums draw from the nodes active at its start: the next.
	c.NextBlock(time.Hour)
	operatorOf := map[string]testutil.Account{}
	keyOf := map[string]ed25519.PrivateKey{}
	for i, key := range keys {
		operatorOf[nodeID(key)], keyOf[nodeID(key)] = c.Accounts[i], key
	}
	tested, testedOp := keys[0], c.Accounts[0]
	q := quorumOf(t, c, tested).Quorum
	require.Len(t, q.Members, 10)
	require.Equal(t, uint32(7), q.Required)
	var outsider ed25519.PrivateKey
	for _, key := range keys[1:] {
		if !slices.Contains(q.Members, nodeID(key)) {
			outsider = key
		}
	}
	require.NotNil(t, outsider)
	vote := func(c *testutil.Chain, member string, state nstypes.NodeState) *abci.ExecTxResult {
		from := operatorOf[member]
		return c.Deliver(time.Second, from, voteMsgNow(t, c, from, keyOf[member], tested, state))
	}

	for i, member := range q.Members[:6] {
		res := vote(c, member, nstypes.NODE_STATE_DECOMMISSIONED)
		require.Zero(t, res.Code, res.Log)
		require.False(t, msgResponse[nstypes.MsgNodeStateVoteResponse](t, res).Applied, "vote %d", i+1)
		require.Len(t, typedEvents[*nstypes.EventNodeStateVote](t, res.Events), 1)
	}
	require.Equal(t, nstypes.NODE_STATUS_ACTIVE, nodeStatus(t, c, tested), "6 votes of 10 change nothing")
	requireCode(t, vote(c, nodeID(outsider), nstypes.NODE_STATE_DECOMMISSIONED), nstypes.ErrNotQuorumMember)
	requireCode(t, vote(c, q.Members[0], nstypes.NODE_STATE_DECOMMISSIONED), nstypes.ErrAlreadyVoted)
	requireCode(t, vote(c, q.Members[6], nstypes.NODE_STATE_RECOMMISSIONED), nstypes.ErrWrongStatus)
	require.Len(t, votesOf(t, c, tested).Votes, 6)

	// A fresh app started from the exported state draws the same quorums.
	restarted := testutil.RestartFromExport(t, c)
	for _, chain := range []*testutil.Chain{c, restarted} {
		chain.NextBlock(time.Second)
	}
	for _, key := range keys {
		require.Equal(t, quorumOf(t, c, key), quorumOf(t, restarted, key))
		require.Equal(t, votesOf(t, c, key), votesOf(t, restarted, key))
		require.Equal(t, livenessOf(t, c, key), livenessOf(t, restarted, key))
	}

	// The 7th vote decommissions it, on both chains.
	var indexDown math.Int
	for _, chain := range []*testutil.Chain{c, restarted} {
		prev := rewardState(t, chain)
		res := vote(chain, q.Members[6], nstypes.NODE_STATE_DECOMMISSIONED)
		require.Zero(t, res.Code, res.Log)
		require.True(t, msgResponse[nstypes.MsgNodeStateVoteResponse](t, res).Applied)
		require.Equal(t, nstypes.NODE_STATUS_DECOMMISSIONED, nodeStatus(t, chain, tested))
		ev := typedEvents[*nstypes.EventNodeDecommissioned](t, res.Events)
		require.Len(t, ev, 1)
		require.Equal(t, "quorum vote", ev[0].Reason)
		indexDown = indexBeforeChange(prev, rewardState(t, chain))
	}
	for _, key := range keys {
		require.Equal(t, quorumOf(t, c, key), quorumOf(t, restarted, key))
		require.Equal(t, livenessOf(t, c, key), livenessOf(t, restarted, key))
	}
	requireNodeConservation(t, restarted)
	earnedBefore := indexDown.Sub(indexAtStart)
	require.Equal(t, earnedBefore, owedTo(t, c, testedOp), "it earned up to the block of the 7th vote")
	requireCode(t, vote(c, q.Members[7], nstypes.NODE_STATE_RECOMMISSIONED), nstypes.ErrVoteDecided)
	c.NextBlock(10 * time.Minute)
	require.Equal(t, earnedBefore, owedTo(t, c, testedOp), "and nothing since")
	requireNodeConservation(t, c)

	// In the next period it proves again, and its quorum (ten of the eleven
	// active nodes) votes it back: its credit loses twice the time it was
	// down. Its proof alone does not bring it back.
	wentDown := *recordOf(t, c, tested).DecommissionedAt
	creditDown := recordOf(t, c, tested).Credit
	period := quorumOf(t, c, tested).Period
	proved := c.NextBlock(31*time.Minute, proofTx(t, c, testedOp, tested))
	require.Zero(t, proved.TxResults[0].Code, proved.TxResults[0].Log)
	require.True(t, msgResponse[nstypes.MsgUptimeProofResponse](t, proved.TxResults[0]).Decommissioned)
	require.Equal(t, nstypes.NODE_STATUS_DECOMMISSIONED, nodeStatus(t, c, tested))
	c.NextBlock(time.Hour)
	q2 := quorumOf(t, c, tested)
	require.Equal(t, period+1, q2.Period)
	require.Len(t, q2.Quorum.Members, 10)
	require.NotContains(t, q2.Quorum.Members, nodeID(tested))
	for _, member := range q2.Quorum.Members[:6] {
		res := vote(c, member, nstypes.NODE_STATE_RECOMMISSIONED)
		require.Zero(t, res.Code, res.Log)
	}
	require.Equal(t, nstypes.NODE_STATUS_DECOMMISSIONED, nodeStatus(t, c, tested))
	res := vote(c, q2.Quorum.Members[6], nstypes.NODE_STATE_RECOMMISSIONED)
	require.Zero(t, res.Code, res.Log)
	require.True(t, msgResponse[nstypes.MsgNodeStateVoteResponse](t, res).Applied)
	require.Equal(t, nstypes.NODE_STATUS_ACTIVE, nodeStatus(t, c, tested))
	require.Equal(t, max(creditDown-2*c.Time.Sub(wentDown), 0), recordOf(t, c, tested).Credit)
	require.Equal(t, earnedBefore, owedTo(t, c, testedOp), "the block's emission came before the vote")
	indexUp := rewardIndex(t, c)

	c.NextBlock(time.Minute)
	require.Equal(t, earnedBefore.Add(rewardIndex(t, c).Sub(indexUp)), owedTo(t, c, testedOp), "it earns again")
	require.Equal(t, rewardIndex(t, c).Sub(indexAtStart), owedTo(t, c, c.Accounts[1]), "a node that never went down")
	requireNodeConservation(t, c)
}
