package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// queryView is what the module's queries answer, for comparing two chains.
type queryView struct {
	Nodes      []string
	Records    []string
	Stats      string
	Rewards    []string
	Next       string
	ExitQueue  []string
	Active     uint64
	ByAddress  []string
	Parameters string
}

func (f *fixture) queryView(keys []int) queryView {
	f.t.Helper()
	var v queryView
	all, err := f.queries.Nodes(f.ctx, &types.QueryNodesRequest{Pagination: &query.PageRequest{Limit: 100}})
	require.NoError(f.t, err)
	for _, n := range all.Nodes {
		v.Nodes = append(v.Nodes, n.String())
	}
	for _, i := range keys {
		res, err := f.queries.Node(f.ctx, &types.QueryNodeRequest{Pubkey: keyHex(nodeKey(i))})
		if err != nil {
			v.Records = append(v.Records, err.Error())
			continue
		}
		v.Records = append(v.Records, res.Node.String())
	}
	stats, err := f.queries.Stats(f.ctx, &types.QueryStatsRequest{})
	require.NoError(f.t, err)
	v.Stats = stats.String()
	for i := byte(1); i <= numAccounts; i++ {
		v.Rewards = append(v.Rewards, f.rewards(testAddr(i)).String())
		res, err := f.queries.ContributorNodes(f.ctx, &types.QueryContributorNodesRequest{Address: testAddr(i).String()})
		require.NoError(f.t, err)
		v.ByAddress = append(v.ByAddress, res.String())
	}
	if next, err := f.queries.NextContribution(f.ctx, &types.QueryNextContributionRequest{Pubkey: keyHex(nodeKey(1))}); err == nil {
		v.Next = next.String()
	}
	params, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(f.t, err)
	v.Parameters = params.String()
	v.ExitQueue = f.exitQueue()
	v.Active = f.activeCount()
	return v
}

func TestGenesisRoundTrip(t *testing.T) {
	f := newFixture(t, withoutProofDuty, withParams(func(p *types.Params) { p.UnlockDelay = 10 * 24 * time.Hour }))
	// 1 awaiting with a contributor and a reserved spot, 2 active, 3
	// unlocking, 4 deregistered, 5 active.
	require.NoError(t, f.register(testAddr(1), nodeKey(1), sesh(6_250), 300, spot(testAddr(9), sesh(5_000))))
	_, err := f.contribute(testAddr(2), nodeKey(1), sesh(3_000))
	require.NoError(t, err)
	f.newNode(nodeKey(2), 1_500, stake{testAddr(3), sesh(6_250)}, stake{testAddr(4), sesh(9_000)}, stake{testAddr(2), sesh(9_750)})
	f.newNode(nodeKey(3), 700, stake{testAddr(5), sesh(20_000)}, stake{testAddr(4), sesh(5_000)})
	f.soloNode(nodeKey(4), testAddr(6), 0)
	f.soloNode(nodeKey(5), testAddr(7), 100)
	for _, amount := range []int64{1_000_000_007, 333_333_333, 5} {
		f.nextBlock(time.Hour)
		require.True(t, f.emit(math.NewInt(amount)))
		f.endBlock()
	}
	require.NoError(t, f.unlock(testAddr(5), nodeKey(3)))
	require.NoError(t, f.deregister(nodeKey(4)))
	_, err = f.claim(testAddr(3))
	require.NoError(t, err)
	f.nextBlock(time.Hour)
	require.True(t, f.emit(math.NewInt(700_000_000)))
	f.endBlock()
	require.True(t, f.carry().IsPositive(), "the state has a carry")

	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	g := newFixtureFromGenesis(t, exported, f.balance(moduleAddr))
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())
	keys := []int{1, 2, 3, 4, 5}

	require.Equal(t, f.queryView(keys), g.queryView(keys))
	require.Equal(t, f.snapshot().Genesis, g.snapshot().Genesis)
	require.Equal(t, uint64(3), g.activeCount(), "nodes 2, 3 and 5 earn")
	require.Len(t, g.exitQueue(), 2, "node 3's unlock and node 4's return are queued again")
	staked, err := g.k.Staking.TotalStaked.Get(g.ctx)
	require.NoError(t, err)
	require.Equal(t, sesh(25_000*4+9_250).String(), staked.String())
	g.checkConservation()

	// Both chains go on the same way, through both exits.
	for _, c := range []*fixture{f, g} {
		for _, dt := range []time.Duration{10 * day, 20 * day} {
			c.nextBlock(dt)
			require.True(t, c.emit(math.NewInt(900_000_001)))
			c.endBlock()
		}
	}
	require.Equal(t, f.queryView(keys), g.queryView(keys))
	require.Empty(t, g.exitQueue())
	require.Equal(t, uint64(2), g.activeCount())
}

func TestInitGenesisRejectsInvalidState(t *testing.T) {
	gs := types.DefaultGenesis()
	gs.Carry = math.NewInt(-1)
	f := newFixture(t)

	err := f.k.InitGenesis(f.ctx, gs)

	require.ErrorIs(t, err, types.ErrInvalidGenesis)
}
