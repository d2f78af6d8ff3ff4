package keeper_test

import (
	"crypto/ed25519"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// livenessView is what the liveness queries and queues show, for comparing
// two chains.
type livenessView struct {
	Genesis        string
	ActiveOrder    []string
	ProofDeadlines []string
	CreditRunsOut  []string
	Liveness       []string
	Quorums        []string
	Votes          []string
}

func (f *fixture) livenessView(n int) livenessView {
	f.t.Helper()
	v := livenessView{
		Genesis:        f.snapshot().Genesis,
		ActiveOrder:    f.activeOrder(),
		ProofDeadlines: f.proofDeadlines(),
		CreditRunsOut:  f.creditRunsOut(),
	}
	for i := 1; i <= n; i++ {
		key := nodeKey(i)
		if !f.hasNode(key) {
			continue
		}
		v.Liveness = append(v.Liveness, f.liveness(key).String())
		for _, period := range []uint64{f.period() - 1, f.period()} {
			if q, err := f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: keyHex(key), Period: period}); err == nil {
				v.Quorums = append(v.Quorums, q.String())
			} else {
				v.Quorums = append(v.Quorums, err.Error())
			}
			for _, vote := range f.votesAbout(key, period) {
				v.Votes = append(v.Votes, vote.String())
			}
		}
	}
	return v
}

func TestLivenessGenesisRoundTrip(t *testing.T) {
	f := newFixture(t, withLiveness)
	f.soloNodes(1, 14)
	require.NoError(t, f.register(testAddr(20), nodeKey(20), sesh(10_000), 0))
	f.nextBlock(time.Minute)
	f.endBlock()
	f.nextBlock(40 * time.Minute)
	require.True(t, f.emit(math.NewInt(1_400_000_013)))
	// Node 3 unlocks and stays in the numbered set (it serves until its
	// exit), node 8 is deregistered and leaves it (node 14 takes its
	// number), and all but node 5 prove.
	require.NoError(t, f.unlock(testAddr(3), nodeKey(3)))
	require.NoError(t, f.deregister(nodeKey(8)))
	for i := 1; i <= 14; i++ {
		if i != 3 && i != 5 && i != 8 {
			f.prove(nodeKey(i))
		}
	}
	f.endBlock()
	f.nextBlock(time.Minute)
	require.True(t, f.emit(math.NewInt(777_777_777)))
	keys := keysByHex(14)
	// Node 5 is decommissioned by its quorum; two members vote about node 7.
	for _, voter := range members(f.quorum(nodeKey(5), 0), keys)[:7] {
		_, err := f.vote(voter, nodeKey(5), types.NODE_STATE_DECOMMISSIONED)
		require.NoError(t, err)
	}
	voters7 := slices.DeleteFunc(members(f.quorum(nodeKey(7), 0), keys), func(k ed25519.PrivateKey) bool { return keyHex(k) == keyHex(nodeKey(5)) })
	for _, voter := range voters7[:2] {
		_, err := f.vote(voter, nodeKey(7), types.NODE_STATE_DECOMMISSIONED)
		require.NoError(t, err)
	}
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(nodeKey(5)))

	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Equal(t, f.activeOrder(), exported.ActiveOrder)
	require.Len(t, exported.ActiveOrder, 12, "the serving nodes, the unlocking one included")
	require.Equal(t, keyHex(nodeKey(14)), exported.ActiveOrder[7], "the order is the numbering, not the key order")
	require.Len(t, exported.Quorums, 2)
	require.Len(t, exported.Votes, 9)
	require.NotEmpty(t, exported.PeriodSeeds)
	g := newFixtureFromGenesis(t, exported, f.balance(moduleAddr))
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())

	require.Equal(t, f.livenessView(20), g.livenessView(20))
	g.checkLiveness()
	g.checkConservation()

	// Both chains go on the same way: node 7's quorum completes, node 5's
	// credit runs out, the others time out.
	for _, c := range []*fixture{f, g} {
		c.nextBlock(time.Minute)
		for _, voter := range voters7[2:7] {
			_, err := c.vote(voter, nodeKey(7), types.NODE_STATE_DECOMMISSIONED)
			require.NoError(t, err)
		}
		c.endBlock()
		require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, c.status(nodeKey(7)))
	}
	require.Equal(t, f.livenessView(20), g.livenessView(20))
	runsOut := f.live(nodeKey(5)).CreditAt.Add(f.live(nodeKey(5)).Credit)
	for _, c := range []*fixture{f, g} {
		c.nextBlock(runsOut.Add(-time.Nanosecond).Sub(c.now()))
		c.endBlock()
		require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, c.status(nodeKey(5)))
		c.nextBlock(time.Nanosecond)
		c.endBlock()
		require.Equal(t, types.NODE_STATUS_DEREGISTERED, c.status(nodeKey(5)))
		c.checkLiveness()
	}
	require.Equal(t, f.livenessView(20), g.livenessView(20))
}

func TestInitGenesisWithoutActiveOrderNumbersNodesAsListed(t *testing.T) {
	f := newFixture(t, withLiveness)
	f.soloNodes(1, 5)
	require.NoError(t, f.unlock(testAddr(1), nodeKey(1)))
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	exported.ActiveOrder = nil
	var listed []string
	for _, rec := range exported.Nodes {
		if rec.Node.Status.Serving() {
			listed = append(listed, rec.Node.Pubkey)
		}
	}

	g := newFixtureFromGenesis(t, exported, f.balance(moduleAddr))

	require.Equal(t, listed, g.activeOrder())
	g.checkLiveness()
}

func TestInitGenesisStartsTheClockOfAnActiveNodeWithoutALivenessRecord(t *testing.T) {
	f := newFixture(t, withLiveness)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	activated := genesisTime.Add(-time.Hour)
	exported.Nodes[0].Node.ActivatedAt, exported.Nodes[0].Liveness = &activated, nil

	g := newFixtureFromGenesis(t, exported, f.balance(moduleAddr))

	live := g.liveness(nodeKey(1))
	require.True(t, activated.Equal(*live.LastProofAt))
	require.True(t, activated.Add(types.DefaultUptimeProofTimeout).Equal(*live.ProofDeadline))
	require.Equal(t, 2*time.Hour+2*time.Minute, live.Credit, "the initial credit from activation")
	g.checkLiveness()
}

// The numbered active set keeps no count once it is empty, as on a chain
// imported from an export without active nodes: both stores stay equal.
func TestActiveCountGoesWithTheLastActiveNode(t *testing.T) {
	f := newFixture(t, withLiveness)
	f.soloNodes(1, 2)
	require.NoError(t, f.deregister(nodeKey(1)))
	n, err := f.k.Liveness.ActiveCount.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), n)

	require.NoError(t, f.deregister(nodeKey(2)))
	has, err := f.k.Liveness.ActiveCount.Has(f.ctx)
	require.NoError(t, err)
	require.False(t, has, "no count is stored for an empty active set")
	f.checkLiveness()
}
