package nodeagent

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

const testChainID = "agent-test-1"

// fakeChain is a chain of a few nodes in one testing period.
type fakeChain struct {
	params   types.Params
	block    Block
	period   uint64
	liveness map[string]*types.QueryLivenessResponse
	quorums  map[string][]string        // tested → members
	decided  map[string]types.NodeState // tested → the state its quorum decided
	sent     []sdk.Msg
	refuse   error
	// free says, for each message sent, whether it went without a fee;
	// refuseFree refuses those.
	free       []bool
	refuseFree error
	round      *types.SeedRound
}

func (c *fakeChain) Params(context.Context) (types.Params, error) { return c.params, nil }
func (c *fakeChain) LastBlock(context.Context) (Block, error)     { return c.block, nil }
func (c *fakeChain) Sender() string                               { return "session1payer" }

func (c *fakeChain) Liveness(_ context.Context, pubkey string) (*types.QueryLivenessResponse, error) {
	l := *c.liveness[pubkey]
	return &l, nil
}

func (c *fakeChain) Quorum(_ context.Context, pubkey string) (*types.QueryQuorumResponse, error) {
	state := c.decided[pubkey]
	return &types.QueryQuorumResponse{Period: c.period, Quorum: types.Quorum{
		Members: c.quorums[pubkey], Required: 2, Decided: state != types.NODE_STATE_UNSPECIFIED, State: state,
	}}, nil
}

func (c *fakeChain) SeedRound(context.Context) (*types.SeedRound, error) { return c.round, nil }

func (c *fakeChain) Endpoints(context.Context) ([]types.NodeEndpointEntry, error) {
	var out []types.NodeEndpointEntry
	for pk, l := range c.liveness {
		if l.Endpoint != nil {
			out = append(out, types.NodeEndpointEntry{Pubkey: pk, Status: l.Status, Endpoint: *l.Endpoint})
		}
	}
	return out, nil
}

func (c *fakeChain) Send(_ context.Context, msg sdk.Msg, free bool) (*sdk.TxResponse, error) {
	if c.refuse != nil {
		return nil, c.refuse
	}
	if free && c.refuseFree != nil {
		return nil, c.refuseFree
	}
	c.sent = append(c.sent, msg)
	c.free = append(c.free, free)
	return &sdk.TxResponse{TxHash: "AB", Height: c.block.Height + 1}, nil
}

// probeSet answers reachability from a set of up nodes' IPs.
type probeSet map[string]bool

func (p probeSet) Reachable(_ context.Context, e types.NodeEndpoint) bool { return p[e.PublicIp] }

func newKey(t *testing.T, b byte) (ed25519.PrivateKey, string) {
	t.Helper()
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = b
	key := ed25519.NewKeyFromSeed(seed)
	return key, hex.EncodeToString(key.Public().(ed25519.PublicKey))
}

func endpoint(ip string) *types.NodeEndpoint {
	return &types.NodeEndpoint{PublicIp: ip, StoragePort: 22021, QuicPort: 22020, NodeVersion: "11.0.2", StorageVersion: "2.8.0"}
}

type fixture struct {
	chain        *fakeChain
	agent        *Agent
	self, tested string
	probe        probeSet
	now          time.Time
}

// newFixture: this node (active, proven at now-30m) sits on the quorum of
// tested, an active node at 203.0.113.2.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	key, self := newKey(t, 1)
	_, tested := newKey(t, 2)
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	last := now.Add(-30 * time.Minute)
	chain := &fakeChain{
		params: types.Params{UptimeProofInterval: time.Hour},
		block:  Block{Height: 100, AppHash: make([]byte, types.AppHashSize), Time: now},
		period: 7,
		liveness: map[string]*types.QueryLivenessResponse{
			// self gave its share to round 3 (NextShare 4).
			self:   {Status: types.NODE_STATUS_ACTIVE, LastProofAt: &last, Proofs: 4, Endpoint: endpoint("203.0.113.1"), NextShare: 4},
			tested: {Status: types.NODE_STATUS_ACTIVE, LastProofAt: &last, Proofs: 9, Endpoint: endpoint("203.0.113.2")},
		},
		quorums: map[string][]string{tested: {self, "other"}},
		round:   &types.SeedRound{Number: 3, Period: 6, Seed: make([]byte, types.SeedSize), Mix: make([]byte, types.SeedSize)},
	}
	cfg := &Config{
		Chain: ChainConfig{ChainID: testChainID, TxTimeout: daemon.Duration{Duration: time.Second}},
		Node:  NodeConfig{PublicIP: "203.0.113.1", StoragePort: 22021, QuicPort: 22020, NodeVersion: "11.0.2", StorageVersion: "2.8.0"},
		Agent: AgentConfig{Poll: daemon.Duration{Duration: time.Second}, FailuresToVote: 2},
	}
	probe := probeSet{"203.0.113.2": true}
	agent := New(cfg, chain, key, probe, NewMetrics(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	return &fixture{chain: chain, agent: agent, self: self, tested: tested, probe: probe, now: now}
}

func TestProofDue(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	for _, tc := range []struct {
		name string
		l    types.QueryLivenessResponse
		due  bool
	}{
		{"active, interval not passed", types.QueryLivenessResponse{Status: types.NODE_STATUS_ACTIVE, LastProofAt: at(-59 * time.Minute)}, false},
		{"active, interval passed", types.QueryLivenessResponse{Status: types.NODE_STATUS_ACTIVE, LastProofAt: at(-time.Hour)}, true},
		{"unlocking keeps proving", types.QueryLivenessResponse{Status: types.NODE_STATUS_UNLOCKING, LastProofAt: at(-2 * time.Hour)}, true},
		{"active, never proven", types.QueryLivenessResponse{Status: types.NODE_STATUS_ACTIVE}, true},
		{"decommissioned, not proven since", types.QueryLivenessResponse{
			Status: types.NODE_STATUS_DECOMMISSIONED, LastProofAt: at(-31 * time.Minute), DecommissionedAt: at(-time.Minute),
		}, true},
		{"decommissioned, not proven since, too soon for the chain", types.QueryLivenessResponse{
			Status: types.NODE_STATUS_DECOMMISSIONED, LastProofAt: at(-29 * time.Minute), DecommissionedAt: at(-time.Minute),
		}, false},
		{"decommissioned, proven since", types.QueryLivenessResponse{
			Status: types.NODE_STATUS_DECOMMISSIONED, LastProofAt: at(-time.Minute), DecommissionedAt: at(-3 * time.Minute),
		}, false},
		{"awaiting contributions", types.QueryLivenessResponse{Status: types.NODE_STATUS_AWAITING}, false},
		{"deregistered", types.QueryLivenessResponse{Status: types.NODE_STATUS_DEREGISTERED}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.due, proofDue(&tc.l, time.Hour, now))
		})
	}
}

func TestRoundSendsSignedProofWhenDue(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	require.NoError(t, f.agent.Round(ctx))
	require.Empty(t, f.chain.sent, "the interval has not passed")

	f.chain.block.Time = f.now.Add(30 * time.Minute)
	require.NoError(t, f.agent.Round(ctx))
	require.Len(t, f.chain.sent, 1)
	msg, ok := f.chain.sent[0].(*types.MsgUptimeProof)
	require.True(t, ok)
	require.Equal(t, uint64(5), msg.Seq, "the node's proofs + 1")
	require.Equal(t, int64(100), msg.BlockHeight)
	require.Equal(t, *endpoint("203.0.113.1"), msg.Endpoint)
	require.NoError(t, msg.ValidateBasic())
	signBytes, err := types.UptimeProofSignBytes(testChainID, f.self, types.UptimeProof{
		Seq: msg.Seq, BlockHeight: msg.BlockHeight, AppHash: msg.AppHash, Endpoint: msg.Endpoint,
	})
	require.NoError(t, err)
	require.True(t, ed25519.Verify(msg.Pubkey, signBytes, msg.Signature), "signed by the node key over what the chain checks")
	_, err = types.VerifySeedProof(msg.Pubkey, msg.SeedProof, types.SeedInput(testChainID, 6, make([]byte, types.SeedSize)))
	require.NoError(t, err, "the node key's seed proof over the round in progress")
}

func TestDutyVotesDecommissionAfterFailuresAndRecommissionAfterProof(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	require.NoError(t, f.agent.Round(ctx))
	require.Empty(t, f.chain.sent, "the tested node answers")
	require.Equal(t, []string{f.tested}, f.agent.duty.assigned)

	delete(f.probe, "203.0.113.2")
	require.NoError(t, f.agent.Round(ctx))
	require.Empty(t, f.chain.sent, "one failure is not enough")
	require.NoError(t, f.agent.Round(ctx))
	require.Len(t, f.chain.sent, 1)
	vote, ok := f.chain.sent[0].(*types.MsgNodeStateVote)
	require.True(t, ok)
	require.Equal(t, types.NODE_STATE_DECOMMISSIONED, vote.State)
	require.Equal(t, uint64(7), vote.Period)
	signBytes, err := types.NodeStateVoteSignBytes(testChainID, f.self, f.tested, 7, vote.State)
	require.NoError(t, err)
	require.True(t, ed25519.Verify(vote.Voter, signBytes, vote.Signature))
	require.NoError(t, f.agent.Round(ctx))
	require.Len(t, f.chain.sent, 1, "one vote a period")

	// The next period: the node is decommissioned; it answers again but has
	// not proven since, so no vote; once it proves, the agent votes it back.
	f.chain.period = 8
	down := f.now.Add(time.Minute)
	tl := f.chain.liveness[f.tested]
	tl.Status, tl.DecommissionedAt = types.NODE_STATUS_DECOMMISSIONED, &down
	f.probe["203.0.113.2"] = true
	require.NoError(t, f.agent.Round(ctx))
	require.Len(t, f.chain.sent, 1)
	back := down.Add(time.Minute)
	tl.LastProofAt = &back
	require.NoError(t, f.agent.Round(ctx))
	require.Len(t, f.chain.sent, 2)
	require.Equal(t, types.NODE_STATE_RECOMMISSIONED, f.chain.sent[1].(*types.MsgNodeStateVote).State)
	require.Equal(t, uint64(8), f.chain.sent[1].(*types.MsgNodeStateVote).Period)
}

func TestVoteAlreadyDecidedIsMoot(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	delete(f.probe, "203.0.113.2")
	f.chain.refuse = &TxError{Code: types.ErrVoteDecided.ABCICode(), Codespace: types.ModuleName, Log: "decided"}
	require.NoError(t, f.agent.Round(ctx))
	require.NoError(t, f.agent.Round(ctx), "a decided quorum is not the agent's error")
	require.Equal(t, types.NODE_STATE_DECOMMISSIONED, f.agent.duty.voted[f.tested])

	f.chain.refuse = &TxError{Code: types.ErrNotQuorumMember.ABCICode(), Codespace: types.ModuleName, Log: "not a member"}
	f.agent.duty.voted = map[string]types.NodeState{}
	require.Error(t, f.agent.Round(ctx), "any other refusal is")
}

func TestTCPProber(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.Close()
		}
	}()
	port := uint32(ln.Addr().(*net.TCPAddr).Port) //nolint:gosec // a TCP port
	p := TCPProber{Timeout: time.Second, AddressMap: map[string]string{"203.0.113.9": "127.0.0.1"}}
	e := types.NodeEndpoint{PublicIp: "203.0.113.9", StoragePort: port}
	require.True(t, p.Reachable(context.Background(), e))
	require.NoError(t, ln.Close())
	require.False(t, p.Reachable(context.Background(), e), "nothing listens any more")
}

// Votes go without a fee when the chain exempts them, and with one when a
// node refuses the free one for want of a fee; proofs always pay.
func TestVotesGoFreeWhenTheChainAllows(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.chain.params.MaxFreeVotesPerBlock = 4
	delete(f.probe, "203.0.113.2")
	require.NoError(t, f.agent.Round(ctx))
	require.NoError(t, f.agent.Round(ctx))
	require.Len(t, f.chain.sent, 1)
	require.Equal(t, []bool{true}, f.chain.free)

	f.chain.period = 8
	f.chain.refuseFree = &TxError{Code: sdkerrors.ErrInsufficientFee.ABCICode(), Codespace: sdkerrors.RootCodespace, Log: "insufficient fee"}
	require.NoError(t, f.agent.Round(ctx))
	require.NoError(t, f.agent.Round(ctx))
	require.Len(t, f.chain.sent, 2)
	require.Equal(t, []bool{true, false}, f.chain.free, "refused free, sent paid")

	f.chain.params.MaxFreeVotesPerBlock = 0
	f.chain.period = 9
	require.NoError(t, f.agent.Round(ctx))
	require.NoError(t, f.agent.Round(ctx))
	require.Equal(t, []bool{true, false, false}, f.chain.free, "the chain takes fees for votes")
}

// A quorum that decided before this node voted gets its vote, late, if
// this node's probe agrees; otherwise none (the chain counts it missed).
func TestLateVoteOnlyIfTheProbeAgrees(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.chain.decided = map[string]types.NodeState{f.tested: types.NODE_STATE_DECOMMISSIONED}
	tl := f.chain.liveness[f.tested]
	down := f.now
	tl.Status, tl.DecommissionedAt = types.NODE_STATUS_DECOMMISSIONED, &down
	require.NoError(t, f.agent.Round(ctx))
	require.Empty(t, f.chain.sent, "the node answers this node's probe")

	delete(f.probe, "203.0.113.2")
	require.NoError(t, f.agent.Round(ctx))
	require.Len(t, f.chain.sent, 1)
	vote := f.chain.sent[0].(*types.MsgNodeStateVote)
	require.Equal(t, types.NODE_STATE_DECOMMISSIONED, vote.State)
	require.Equal(t, uint64(7), vote.Period)
	require.NoError(t, f.agent.Round(ctx))
	require.Len(t, f.chain.sent, 1, "once")
}

func TestShareDue(t *testing.T) {
	round := &types.SeedRound{Number: 5}
	for _, tc := range []struct {
		name  string
		l     types.QueryLivenessResponse
		round *types.SeedRound
		due   bool
	}{
		{"owes the round", types.QueryLivenessResponse{Status: types.NODE_STATUS_ACTIVE, NextShare: 5}, round, true},
		{"owes it and rounds before", types.QueryLivenessResponse{Status: types.NODE_STATUS_ACTIVE, NextShare: 3}, round, true},
		{"gave its share", types.QueryLivenessResponse{Status: types.NODE_STATUS_ACTIVE, NextShare: 6}, round, false},
		{"key bound too recently", types.QueryLivenessResponse{Status: types.NODE_STATUS_ACTIVE, NextShare: 7}, round, false},
		{"unlocking owes none", types.QueryLivenessResponse{Status: types.NODE_STATUS_UNLOCKING, NextShare: 3}, round, false},
		{"decommissioned owes none", types.QueryLivenessResponse{Status: types.NODE_STATUS_DECOMMISSIONED, NextShare: 3}, round, false},
		{"no round yet", types.QueryLivenessResponse{Status: types.NODE_STATUS_ACTIVE}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.due, shareDue(&tc.l, tc.round))
		})
	}
}

// TestRoundProvesInEveryRoundItOwes: a new seed round the node owes a share
// to has it prove at once, before its interval is up, even half of it (a
// skipped round costs credit, and the chain takes such a proof).
func TestRoundProvesInEveryRoundItOwes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.chain.round.Number = 4
	last := f.now.Add(-time.Minute)
	f.chain.liveness[f.self].LastProofAt = &last
	require.NoError(t, f.agent.Round(ctx))
	require.Len(t, f.chain.sent, 1, "the round turned: the node owes its share")
	_, ok := f.chain.sent[0].(*types.MsgUptimeProof)
	require.True(t, ok)
}
