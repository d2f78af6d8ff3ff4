package keeper_test

import (
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/liveness"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func TestUptimeProofMovesTheDeadline(t *testing.T) {
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	activated := f.now()
	require.Equal(t, []string{queueEntry(activated.Add(types.DefaultUptimeProofTimeout), key)}, f.proofDeadlines())
	live := f.liveness(key)
	require.Equal(t, types.NODE_STATUS_ACTIVE, live.Status)
	require.Equal(t, 2*time.Hour, live.Credit, "a node starts with 2 h of credit")
	require.Zero(t, live.Proofs)
	require.True(t, activated.Equal(*live.LastProofAt), "the proof clock starts at activation")
	require.True(t, activated.Add(2*time.Hour+10*time.Minute).Equal(*live.ProofDeadline))
	require.Nil(t, live.CreditRunsOut)

	f.nextBlock(time.Hour)
	// Anyone may pay for a node's proof: the node key's signature is what counts.
	res, err := f.msgs.UptimeProof(f.ctx, f.proofMsg(testAddr(9), key, chainID, 1))

	require.NoError(t, err)
	require.False(t, res.Decommissioned)
	rec := f.live(key)
	require.Equal(t, uint64(1), rec.Proofs)
	require.True(t, f.now().Equal(rec.LastProofAt))
	require.Equal(t, 2*time.Hour+2*time.Minute, rec.Credit, "an hour active earns 48 min / 24")
	require.True(t, f.now().Equal(rec.CreditAt))
	require.Equal(t, []string{queueEntry(f.now().Add(types.DefaultUptimeProofTimeout), key)}, f.proofDeadlines())
	require.Equal(t, []*types.EventUptimeProof{{Pubkey: keyHex(key), Seq: 1, Endpoint: testEndpoint()}}, events[*types.EventUptimeProof](f))
	require.Equal(t, uint64(1), f.liveness(key).Proofs)
	f.endBlock()
	f.checkLiveness()

	// The first deadline passes without effect; the one the proof set counts.
	f.nextBlock(activated.Add(types.DefaultUptimeProofTimeout).Sub(f.now()))
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(key))
	f.nextBlock(time.Hour - time.Nanosecond)
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(key), "1 ns before the deadline")
	f.nextBlock(time.Nanosecond)
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(key), "at the deadline")
}

func TestUptimeProofsCountUp(t *testing.T) {
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	for seq := uint64(1); seq <= 5; seq++ {
		// Exactly half the interval after the last proof is soon enough.
		f.nextBlock(types.DefaultUptimeProofInterval / 2)
		res := f.prove(key)
		require.False(t, res.Decommissioned)
		require.Equal(t, seq, f.live(key).Proofs)
		f.endBlock()
	}
	require.Equal(t, 2*time.Hour+5*time.Minute, f.live(key).Credit, "150 min active earn 5 min")
	f.checkLiveness()
}

// signedProof returns a proof of key with number seq whose signature is
// signer's over chain and signedSeq.
func (f *fixture) signedProof(key, signer ed25519.PrivateKey, chain string, seq, signedSeq uint64) *types.MsgUptimeProof {
	m := signProof(testAddr(1), key, signer, chain, f.lastBlockProof(signedSeq))
	m.Seq = seq
	return m
}

func TestUptimeProofRejected(t *testing.T) {
	key := nodeKey(1)
	valid := func(f *fixture) *types.MsgUptimeProof {
		return f.proofMsg(testAddr(1), key, chainID, f.live(key).Proofs+1)
	}
	tests := []struct {
		name    string
		setup   func(f *fixture)
		msg     func(f *fixture) *types.MsgUptimeProof
		wantErr error
	}{
		{
			name:    "sequence skips one",
			msg:     func(f *fixture) *types.MsgUptimeProof { return f.proofMsg(testAddr(1), key, chainID, 2) },
			wantErr: types.ErrProofSequence,
		},
		{
			name: "sequence replayed",
			setup: func(f *fixture) {
				f.prove(key)
				f.nextBlock(time.Hour)
			},
			msg:     func(f *fixture) *types.MsgUptimeProof { return f.proofMsg(testAddr(1), key, chainID, 1) },
			wantErr: types.ErrProofSequence,
		},
		{
			name:    "sequence zero",
			msg:     func(f *fixture) *types.MsgUptimeProof { return f.proofMsg(testAddr(1), key, chainID, 0) },
			wantErr: types.ErrProofSequence,
		},
		{
			name:    "signed by another node key",
			msg:     func(f *fixture) *types.MsgUptimeProof { return f.signedProof(key, nodeKey(2), chainID, 1, 1) },
			wantErr: types.ErrInvalidSignature,
		},
		{
			name:    "signed for another chain",
			msg:     func(f *fixture) *types.MsgUptimeProof { return f.signedProof(key, key, "session-test-2", 1, 1) },
			wantErr: types.ErrInvalidSignature,
		},
		{
			name:    "signed for another sequence",
			msg:     func(f *fixture) *types.MsgUptimeProof { return f.signedProof(key, key, chainID, 1, 2) },
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature one byte short",
			msg: func(f *fixture) *types.MsgUptimeProof {
				m := valid(f)
				m.Signature = m.Signature[:ed25519.SignatureSize-1]
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature of a vote",
			msg: func(f *fixture) *types.MsgUptimeProof {
				m := valid(f)
				m.Signature = voteMsg(key, nodeKey(2), chainID, 1, types.NODE_STATE_DECOMMISSIONED).Signature
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "too soon after the last proof",
			setup: func(f *fixture) {
				f.prove(key)
				f.nextBlock(types.DefaultUptimeProofInterval/2 - time.Nanosecond)
			},
			msg:     valid,
			wantErr: types.ErrProofTooSoon,
		},
		{
			name: "too soon after activation",
			setup: func(f *fixture) {
				f.soloNode(nodeKey(2), testAddr(2), 0)
				f.nextBlock(29 * time.Minute)
			},
			msg:     func(f *fixture) *types.MsgUptimeProof { return f.proofMsg(testAddr(2), nodeKey(2), chainID, 1) },
			wantErr: types.ErrProofTooSoon,
		},
		{
			name:    "node awaiting contributions",
			setup:   func(f *fixture) { require.NoError(t, f.register(testAddr(2), nodeKey(2), sesh(10_000), 0)) },
			msg:     func(f *fixture) *types.MsgUptimeProof { return f.proofMsg(testAddr(2), nodeKey(2), chainID, 1) },
			wantErr: types.ErrWrongStatus,
		},
		{
			name:    "deregistered node",
			setup:   func(f *fixture) { require.NoError(t, f.deregister(key)) },
			msg:     valid,
			wantErr: types.ErrWrongStatus,
		},
		{
			name:    "unknown node",
			msg:     func(f *fixture) *types.MsgUptimeProof { return f.proofMsg(testAddr(1), nodeKey(3), chainID, 1) },
			wantErr: types.ErrNodeNotFound,
		},
		{
			name: "short node key",
			msg: func(f *fixture) *types.MsgUptimeProof {
				m := valid(f)
				m.Pubkey = m.Pubkey[:31]
				return m
			},
			wantErr: types.ErrInvalidPubkey,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, withLiveness)
			f.soloNode(key, testAddr(1), 0)
			f.nextBlock(time.Hour)
			if tc.setup != nil {
				tc.setup(f)
			}
			msg := tc.msg(f)
			before := f.livenessSnapshot()

			_, err := f.msgs.UptimeProof(f.ctx, msg)

			f.requireRefused(err, tc.wantErr, before)
		})
	}
}

func TestProofTimeout(t *testing.T) {
	tests := []struct {
		name   string
		params func(*types.Params)
		// credit at the timeout, 2 h 10 min after activation
		credit time.Duration
		// decommissioned, or else deregistered
		decommissioned bool
	}{
		{
			name:           "enough credit: decommissioned",
			params:         func(*types.Params) {},
			credit:         2*time.Hour + 260*time.Second, // 2 h + 130 min × 48 / 1440
			decommissioned: true,
		},
		{
			name:           "exactly the minimum credit: decommissioned",
			params:         func(p *types.Params) { p.MinDecommissionCredit = 2*time.Hour + 260*time.Second },
			credit:         2*time.Hour + 260*time.Second,
			decommissioned: true,
		},
		{
			name:   "the minimum raised above the credit: deregistered",
			params: func(p *types.Params) { p.MinDecommissionCredit = 2*time.Hour + 261*time.Second },
		},
		{
			name:   "a lower initial credit: deregistered",
			params: func(p *types.Params) { p.InitialCredit = time.Hour },
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, withLiveness, withParams(tc.params))
			key, other := nodeKey(1), nodeKey(2)
			f.soloNode(key, testAddr(1), 0)
			f.soloNode(other, testAddr(2), 0)
			deadline := f.now().Add(types.DefaultUptimeProofTimeout)
			f.nextBlock(time.Hour)
			f.prove(other)
			f.endBlock()

			f.nextBlock(deadline.Add(-time.Nanosecond).Sub(f.now()))
			f.endBlock()
			require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(key), "1 ns before the deadline")
			f.nextBlock(time.Nanosecond)
			f.endBlock()

			require.Equal(t, uint64(1), f.activeCount(), "the other node earns alone")
			require.Equal(t, []string{keyHex(other)}, f.activeOrder())
			require.Equal(t, []string{queueEntry(f.live(other).LastProofAt.Add(types.DefaultUptimeProofTimeout), other)}, f.proofDeadlines())
			node := f.node(key)
			rec := f.live(key)
			if tc.decommissioned {
				require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, node.Status)
				require.True(t, deadline.Equal(*rec.DecommissionedAt))
				require.Equal(t, tc.credit, rec.Credit)
				require.True(t, deadline.Equal(rec.CreditAt))
				require.Nil(t, node.ExitTime)
				require.Equal(t, []*types.EventNodeDecommissioned{{
					Pubkey: keyHex(key), Reason: "uptime proof timeout", CreditSeconds: int64(tc.credit / time.Second),
				}}, events[*types.EventNodeDecommissioned](f))
				require.Empty(t, events[*types.EventNodeFailed](f))
				require.Equal(t, []string{queueEntry(deadline.Add(tc.credit), key)}, f.creditRunsOut())
				require.Empty(t, f.exitQueue())
				live := f.liveness(key)
				require.Nil(t, live.ProofDeadline)
				require.True(t, deadline.Add(tc.credit).Equal(*live.CreditRunsOut))
				f.checkLiveness()
				return
			}
			require.Equal(t, types.NODE_STATUS_DEREGISTERED, node.Status)
			exit := deadline.Add(types.DefaultDeregistrationLock)
			require.True(t, exit.Equal(*node.ExitTime))
			require.Equal(t, []*types.EventNodeFailed{{Pubkey: keyHex(key), Reason: "uptime proof timeout"}}, events[*types.EventNodeFailed](f))
			require.Equal(t, []*types.EventNodeDeregistered{{Pubkey: keyHex(key), ExitTime: exit}}, events[*types.EventNodeDeregistered](f))
			require.Empty(t, events[*types.EventNodeDecommissioned](f))
			require.Equal(t, []string{queueEntry(exit, key)}, f.exitQueue())
			require.Empty(t, f.creditRunsOut())
			f.checkLiveness()

			// 30 days later the stakes come back less 0.2%, paid into the pool.
			f.nextBlock(exit.Sub(f.now()))
			f.endBlock()
			require.False(t, f.hasNode(key))
			penalty := sesh(50)
			require.Equal(t, penalty.String(), f.pool.Inflow(f.ctx, rewardpooltypes.SourcePenalty).String())
			require.Equal(t, startBalance.Sub(penalty).String(), f.balance(testAddr(1)).String())
		})
	}
}

func TestCreditGrowsWithDaysActiveUpToTheCap(t *testing.T) {
	// The fixture's nodes never time out: the credit is followed over months.
	f := newFixture(t)
	idle, proving := nodeKey(1), nodeKey(2)
	f.soloNode(idle, testAddr(1), 0)
	f.soloNode(proving, testAddr(2), 0)
	activated := f.now()
	for _, tc := range []struct {
		after time.Duration
		want  time.Duration
	}{
		{after: 0, want: 2 * time.Hour},
		{after: 30 * time.Second, want: 2*time.Hour + time.Second},
		{after: 12 * time.Hour, want: 2*time.Hour + 24*time.Minute},
		{after: day, want: 2*time.Hour + 48*time.Minute},
		{after: 10 * day, want: 10 * time.Hour},
		{after: 57*day + 12*time.Hour - 30*time.Second, want: 48*time.Hour - time.Second},
		// 2 h + 57.5 days × 48 min = 48 h.
		{after: 57*day + 12*time.Hour, want: 48 * time.Hour},
		{after: 58 * day, want: 48 * time.Hour},
		{after: 3 * 365 * day, want: 48 * time.Hour},
	} {
		f.nextBlock(activated.Add(tc.after).Sub(f.now()))
		if f.now().Sub(f.live(proving).LastProofAt) >= types.DefaultUptimeProofInterval/2 {
			// A proof settles the credit: settling often changes nothing.
			f.prove(proving)
		}
		f.endBlock()
		require.Equal(t, tc.want, f.liveness(idle).Credit, "after %s", tc.after)
		require.Equal(t, tc.want, f.liveness(proving).Credit, "after %s, with proofs", tc.after)
	}
}

// decommissionedAt returns a fixture in which node 1 (operator testAddr(1))
// timed out and was decommissioned 5 days after activation with 6 h of
// credit, and node 2 stays active; and the decommission time.
func decommissionedAt(t *testing.T) (*fixture, time.Time) {
	t.Helper()
	f := newFixture(t, withParams(func(p *types.Params) {
		p.UptimeProofInterval = day
		p.UptimeProofTimeout = 5 * day
	}))
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.soloNode(nodeKey(2), testAddr(2), 0)
	f.nextBlock(4 * day)
	f.prove(nodeKey(2))
	f.endBlock()
	f.nextBlock(day)
	f.endBlock()
	node := f.node(nodeKey(1))
	rec := f.live(nodeKey(1))
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, node.Status)
	require.Equal(t, 6*time.Hour, rec.Credit, "2 h + 5 × 48 min")
	return f, f.now()
}

func TestCreditBurnsWhileDecommissionedAndRunsOut(t *testing.T) {
	f, down := decommissionedAt(t)
	key := nodeKey(1)
	runsOut := down.Add(6 * time.Hour)
	require.Equal(t, []string{queueEntry(runsOut, key)}, f.creditRunsOut())

	for _, tc := range []struct {
		after time.Duration
		want  time.Duration
	}{
		{after: time.Nanosecond, want: 6*time.Hour - time.Nanosecond},
		{after: time.Hour, want: 5 * time.Hour},
		{after: 6*time.Hour - time.Nanosecond, want: time.Nanosecond},
	} {
		f.nextBlock(down.Add(tc.after).Sub(f.now()))
		f.endBlock()
		require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(key))
		require.Equal(t, tc.want, f.liveness(key).Credit, "%s down", tc.after)
	}
	require.Empty(t, events[*types.EventNodeFailed](f), "not a block early")

	f.nextBlock(runsOut.Sub(f.now()))
	f.endBlock()

	node := f.node(key)
	rec := f.live(key)
	require.Equal(t, types.NODE_STATUS_DEREGISTERED, node.Status)
	require.Zero(t, rec.Credit)
	require.Nil(t, rec.DecommissionedAt, "only a decommissioned node has a decommission time")
	exit := runsOut.Add(types.DefaultDeregistrationLock)
	require.True(t, exit.Equal(*node.ExitTime))
	require.Equal(t, []*types.EventNodeFailed{{Pubkey: keyHex(key), Reason: "credit exhausted"}}, events[*types.EventNodeFailed](f))
	require.Equal(t, []*types.EventNodeDeregistered{{Pubkey: keyHex(key), ExitTime: exit}}, events[*types.EventNodeDeregistered](f))
	require.Equal(t, []string{queueEntry(exit, key)}, f.exitQueue())
	require.Empty(t, f.creditRunsOut())
	require.Equal(t, uint64(1), f.activeCount())
	f.checkLiveness()
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate(), "the state exports as a valid genesis")
}

func TestRecommissionByProof(t *testing.T) {
	tests := []struct {
		name string
		down time.Duration
		want time.Duration
	}{
		{name: "a minute down costs two", down: time.Minute, want: 6*time.Hour - 2*time.Minute},
		{name: "half the credit down", down: 3 * time.Hour, want: 0},
		{name: "more than half the credit down: floor 0", down: 4 * time.Hour, want: 0},
		{name: "1 ns before the credit runs out", down: 6*time.Hour - time.Nanosecond, want: 0},
		{name: "an hour down", down: time.Hour, want: 4 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, down := decommissionedAt(t)
			key := nodeKey(1)
			f.nextBlock(tc.down)

			res := f.prove(key)

			require.False(t, res.Decommissioned)
			now := f.now()
			node := f.node(key)
			rec := f.live(key)
			require.Equal(t, types.NODE_STATUS_ACTIVE, node.Status)
			require.Equal(t, tc.want, rec.Credit)
			require.True(t, now.Equal(rec.CreditAt))
			require.True(t, now.Equal(rec.LastProofAt))
			require.Nil(t, rec.DecommissionedAt)
			require.Equal(t, uint64(1), rec.Proofs)
			require.True(t, down.Add(-5*day).Equal(*node.ActivatedAt), "the node keeps its activation time")
			require.Equal(t, []*types.EventNodeRecommissioned{{
				Pubkey: keyHex(key), Reason: "uptime proof", CreditSeconds: int64(tc.want / time.Second),
			}}, events[*types.EventNodeRecommissioned](f))
			// A decommissioned node adds no seed share: it owes none, and
			// could otherwise choose when to add one.
			require.Equal(t, []*types.EventUptimeProof{{Pubkey: keyHex(key), Seq: 1, Endpoint: testEndpoint()}},
				events[*types.EventUptimeProof](f))
			require.Equal(t, uint64(2), f.activeCount())
			require.Empty(t, f.creditRunsOut())
			require.Contains(t, f.proofDeadlines(), queueEntry(now.Add(5*day), key))
			// The proof clock restarts: the next proof waits half an interval.
			_, err := f.sendProof(key)
			require.ErrorIs(t, err, types.ErrProofTooSoon)
			f.endBlock()
			f.checkLiveness()

			// The credit grows again from there.
			f.nextBlock(day)
			f.endBlock()
			require.Equal(t, tc.want+48*time.Minute, f.liveness(key).Credit)
		})
	}
}

func TestNodeRecommissionedWithoutCreditIsDeregisteredWhenItFailsAgain(t *testing.T) {
	f, _ := decommissionedAt(t)
	key := nodeKey(1)
	f.nextBlock(4 * time.Hour)
	require.False(t, f.prove(key).Decommissioned)
	require.Zero(t, f.live(key).Credit)
	f.endBlock()

	// It sends nothing more: at its timeout, five days on, it has 4 h of
	// credit, below the 5 h governance now asks, and is deregistered.
	deadline := f.now().Add(5 * day)
	f.setParams(func(p *types.Params) { p.MinDecommissionCredit = 5 * time.Hour })
	f.nextBlock(4 * day)
	f.prove(nodeKey(2))
	f.endBlock()
	f.nextBlock(deadline.Add(-time.Nanosecond).Sub(f.now()))
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(key), "not before its deadline")
	f.nextBlock(time.Nanosecond)

	f.endBlock()

	require.Equal(t, types.NODE_STATUS_DEREGISTERED, f.status(key))
	require.Equal(t, 4*time.Hour, f.live(key).Credit)
	require.Equal(t, []*types.EventNodeFailed{{Pubkey: keyHex(key), Reason: "uptime proof timeout"}}, events[*types.EventNodeFailed](f))
	require.Empty(t, events[*types.EventNodeDecommissioned](f))
	f.endBlock()
	f.checkLiveness()
}

func TestDecommissionedNodeEarnsNothingUntilRecommissioned(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) {
		p.UptimeProofInterval = day
		p.UptimeProofTimeout = 5 * day
	}))
	down, up := nodeKey(1), nodeKey(2)
	f.soloNode(down, testAddr(1), 0)
	f.soloNode(up, testAddr(2), 0)
	deadline := f.now().Add(5 * day)
	block := func(dt time.Duration, emission int64, txs func()) {
		f.nextBlock(dt)
		require.True(t, f.emit(math.NewInt(emission)))
		if txs != nil {
			txs()
		}
		f.endBlock()
	}

	// Both earn half of every block's emission until node 1 times out in
	// the EndBlock of the block at its deadline.
	block(time.Minute, 1_000_000, nil)
	block(3*day, 2_000_000, func() { f.prove(up) })
	block(deadline.Sub(f.now()), 3_000_000, nil)
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(down))
	require.Equal(t, "3000000", f.rewards(testAddr(1)).Pending.String(), "settled when it went down")
	require.True(t, f.claimable(testAddr(1)).IsZero())

	// Node 2 earns alone; node 1's rewards so far can be claimed.
	block(time.Minute, 4_000_000, nil)
	block(time.Hour, 5_000_000, nil)
	claimed, err := f.claim(testAddr(1))
	require.NoError(t, err)
	require.Equal(t, "3000000", claimed.String())
	// Node 1 comes back in a block after that block's emission: it earns
	// from the next one.
	block(time.Minute, 6_000_000, func() { f.prove(down) })
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(down))
	require.True(t, f.owed(testAddr(1)).IsZero(), "nothing earned while down")
	block(time.Minute, 7_000_000, nil)

	require.Equal(t, "3500000", f.owed(testAddr(1)).String())
	require.Equal(t, math.NewInt(500_000+1_000_000+1_500_000+4_000_000+5_000_000+6_000_000+3_500_000).String(), f.owed(testAddr(2)).String())
	f.checkLiveness()
}

func TestEndBlockWithNothingDueTouchesNothingButTheSeed(t *testing.T) {
	// (and, in a period's first block, the size of the active set)
	f, _ := decommissionedAt(t)
	f.soloNode(nodeKey(3), testAddr(3), 0)
	f.soloNode(nodeKey(4), testAddr(4), 0)
	require.NoError(t, f.unlock(testAddr(3), nodeKey(3)))
	require.NoError(t, f.deregister(nodeKey(4)))
	require.NoError(t, f.register(testAddr(5), nodeKey(5), sesh(10_000), 0))
	f.endBlock()

	// The first block of a period: only the seed is new.
	f.nextBlock(time.Minute)
	period := f.period()
	for f.period() == period {
		f.endBlock()
		f.nextBlock(time.Minute)
	}
	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	before := f.livenessSnapshot()
	has, err := f.k.Liveness.PeriodSeeds.Has(f.ctx, f.period())
	require.NoError(t, err)
	require.False(t, has)
	recorded, err := f.k.Liveness.SnapshotAt.Get(f.ctx)
	require.NoError(t, err)
	round, err := f.k.Liveness.SeedRound.Get(f.ctx)
	require.NoError(t, err)
	require.Zero(t, round.Contributions, "no node proved in the round")

	f.endBlock()

	// The seed, and the size of the active set the period's quorums draw
	// from (its pages are kept only when they change).
	seed, err := f.k.Liveness.PeriodSeeds.Get(f.ctx, f.period())
	require.NoError(t, err)
	require.Equal(t, types.DeriveSeed(f.period(), nil), seed, "a round no node added to falls back to the header hash")
	require.Equal(t, &types.SeedRound{Number: round.Number + 1, Period: f.period(), Seed: seed, Mix: make([]byte, types.SeedSize)}, f.seedRound(),
		"the next round starts from the seed")
	count, err := f.k.Liveness.PeriodCounts.Get(f.ctx, f.period())
	require.NoError(t, err)
	require.Equal(t, uint64(len(f.activeOrder())), count)
	at, err := f.k.Liveness.SnapshotAt.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, f.period(), at)
	require.NoError(t, f.k.Liveness.PeriodSeeds.Remove(f.ctx, f.period()))
	require.NoError(t, f.k.Liveness.PeriodCounts.Remove(f.ctx, f.period()))
	require.NoError(t, f.k.Liveness.SnapshotAt.Set(f.ctx, recorded))
	require.NoError(t, f.k.Liveness.SeedRound.Set(f.ctx, round))
	require.Equal(t, before, f.livenessSnapshot(), "nothing but the seed, its round and the set's size changed")
	require.NoError(t, f.k.Liveness.PeriodSeeds.Set(f.ctx, f.period(), seed))
	require.NoError(t, f.k.Liveness.PeriodCounts.Set(f.ctx, f.period(), count))
	require.NoError(t, f.k.Liveness.SnapshotAt.Set(f.ctx, at))
	require.Empty(t, f.ctx.EventManager().Events())

	// Any other block of the period: nothing at all.
	f.nextBlock(time.Minute)
	before = f.livenessSnapshot()

	f.endBlock()

	require.Equal(t, before, f.livenessSnapshot())
	require.Empty(t, f.ctx.EventManager().Events())
}

// endBlockGas returns the gas EndBlock consumes in a fixture with n active
// nodes, in a block where nothing is due and in the first block of a period.
func endBlockGas(t *testing.T, n int) (idle, periodStart, oneDue uint64) {
	t.Helper()
	f := newFixture(t, withLiveness)
	f.soloNodes(1, n)
	f.nextBlock(40 * time.Minute)
	f.endBlock()
	// The EndBlocker alone, not endBlock's conservation check, which
	// walks every node.
	measure := func() uint64 {
		meter := storetypes.NewInfiniteGasMeter()
		require.NoError(t, f.k.EndBlocker(f.ctx.WithGasMeter(meter)))
		f.checkConservation()
		return meter.GasConsumed()
	}
	for f.period() == types.Period(f.now().Add(time.Minute), f.params().TestingPeriod) {
		f.nextBlock(time.Minute)
		f.endBlock()
	}
	f.nextBlock(time.Second)
	idle = measure()
	f.nextBlock(time.Minute)
	periodStart = measure()
	// Every node but node 1 proves; node 1 times out alone.
	for i := 2; i <= n; i++ {
		f.prove(nodeKey(i))
	}
	f.endBlock()
	f.nextBlock(f.live(nodeKey(1)).LastProofAt.Add(types.DefaultUptimeProofTimeout).Sub(f.now()))
	oneDue = measure()
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(nodeKey(1)))
	return idle, periodStart, oneDue
}

func TestEndBlockCostDoesNotGrowWithTheNodes(t *testing.T) {
	// A timeout rewrites the timed-out node's page of the active set and
	// the last page, and gas counts their bytes: both sizes have a full
	// first page and a last page of three keys, so the gas is the same.
	idleSmall, startSmall, dueSmall := endBlockGas(t, liveness.ActivePageSize+3)
	idleBig, startBig, dueBig := endBlockGas(t, 3*liveness.ActivePageSize+3)

	require.Equal(t, idleSmall, idleBig, "a block with nothing due")
	require.Equal(t, startSmall, startBig, "the first block of a period")
	require.Equal(t, dueSmall, dueBig, "a block with one timeout")
}

func TestMaxLivenessPerBlockBoundsTheWork(t *testing.T) {
	f := newFixture(t, withLiveness, withParams(func(p *types.Params) { p.MaxLivenessPerBlock = 2 }))
	f.soloNodes(1, 6)
	deadline := f.now().Add(types.DefaultUptimeProofTimeout)
	f.nextBlock(time.Hour)
	f.prove(nodeKey(6))
	f.endBlock()

	// Nodes 1-5 time out together: two a block, in key order.
	f.nextBlock(deadline.Sub(f.now()))
	var decommissioned []int
	for range 4 {
		f.endBlock()
		decommissioned = append(decommissioned, len(events[*types.EventNodeDecommissioned](f)))
		f.nextBlock(time.Second)
	}
	require.Equal(t, []int{2, 2, 1, 0}, decommissioned)
	f.checkLiveness()

	// Their credits run out at once when a halt skips past them all: two a block.
	f.nextBlock(10 * time.Hour)
	f.prove(nodeKey(6))
	var deregistered []int
	for range 4 {
		f.endBlock()
		deregistered = append(deregistered, len(events[*types.EventNodeFailed](f)))
		f.nextBlock(time.Second)
	}
	require.Equal(t, []int{2, 2, 1, 0}, deregistered)
	f.checkLiveness()
}

// setTimeout has governance change the uptime proof timeout.
func (f *fixture) setTimeout(timeout time.Duration) {
	f.t.Helper()
	params := f.params()
	params.UptimeProofTimeout = timeout
	params.UptimeProofInterval = min(params.UptimeProofInterval, timeout)
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: params})
	require.NoError(f.t, err)
}

func TestRaisedTimeoutPostponesTheDeadlinesAlreadyQueued(t *testing.T) {
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	activated := f.now()
	f.nextBlock(time.Hour)
	f.setTimeout(3 * time.Hour)
	require.True(t, activated.Add(3*time.Hour).Equal(*f.liveness(key).ProofDeadline))
	f.endBlock()

	// The deadline queued under the old timeout passes: the node is kept.
	f.nextBlock(activated.Add(types.DefaultUptimeProofTimeout).Sub(f.now()))
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(key))
	require.Empty(t, events[*types.EventNodeDecommissioned](f))
	require.Equal(t, []string{queueEntry(activated.Add(3*time.Hour), key)}, f.proofDeadlines())

	f.nextBlock(activated.Add(3*time.Hour - time.Nanosecond).Sub(f.now()))
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(key))
	f.nextBlock(time.Nanosecond)
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(key))
	f.checkLiveness()
}

func TestLoweredTimeoutAppliesFromTheNextProof(t *testing.T) {
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	activated := f.now()
	f.nextBlock(30 * time.Minute)
	f.setTimeout(time.Hour)
	f.endBlock()
	f.nextBlock(10 * time.Minute)
	f.prove(key)
	proved := f.now()
	f.endBlock()
	require.Contains(t, f.proofDeadlines(), queueEntry(proved.Add(time.Hour), key))

	f.nextBlock(time.Hour)
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(key), "an hour after its proof")

	// The deadline queued under the old timeout then finds the node
	// decommissioned and is dropped.
	f.nextBlock(activated.Add(types.DefaultUptimeProofTimeout).Sub(f.now()))
	node := f.node(key)
	f.endBlock()
	require.Equal(t, node, f.node(key))
	require.Empty(t, f.proofDeadlines())
	require.Empty(t, events[*types.EventNodeDecommissioned](f))
	f.checkLiveness()
}
