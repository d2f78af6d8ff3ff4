//go:build e2e

package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/sessiontoken/sessionchain/app"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// chainState is what the load test reads of the chain, all at one height.
type chainState struct {
	height int64

	// Per sender address.
	balances    map[string]math.Int
	sequences   map[string]uint64
	contributed map[string]map[string]math.Int // address → node pubkey → stake

	// x/rewardpool.
	inflows                                map[string]math.Int // by source
	totalInflow, totalEmitted, poolBalance math.Int

	// x/pro.
	revenue       protypes.Revenue
	liquidity     math.Int
	subscriptions map[string]protypes.QuerySubscriptionResponse // by Session key

	// x/nodestaking.
	nodes              map[string]nstypes.NodeRecord // by pubkey
	totalStaked        math.Int
	earningNodes       uint64
	nodestakingBalance math.Int
	owed               math.Int // claimable + pending of every address with a stake

	supply math.Int
}

// readState reads the chain at height: the senders' accounts, the Session
// keys' subscriptions and every module total the load test checks.
func readState(t *testing.T, c *loadClient, height int64, senders, sessionKeys []string) chainState {
	t.Helper()
	base, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ctx := atHeight(base, height)
	st := chainState{
		height:        height,
		balances:      map[string]math.Int{},
		sequences:     map[string]uint64{},
		contributed:   map[string]map[string]math.Int{},
		inflows:       map[string]math.Int{},
		subscriptions: map[string]protypes.QuerySubscriptionResponse{},
		nodes:         map[string]nstypes.NodeRecord{},
		owed:          math.ZeroInt(),
	}
	bank := banktypes.NewQueryClient(c.conn)
	auth := authtypes.NewQueryClient(c.conn)
	rp := rptypes.NewQueryClient(c.conn)
	pro := protypes.NewQueryClient(c.conn)
	ns := nstypes.NewQueryClient(c.conn)

	balance := func(addr string) math.Int {
		t.Helper()
		res, err := bank.Balance(ctx, &banktypes.QueryBalanceRequest{Address: addr, Denom: app.BaseDenom})
		require.NoError(t, err, "balance of %s at %d", addr, height)
		return res.Balance.Amount
	}
	for _, addr := range senders {
		st.balances[addr] = balance(addr)
		info, err := auth.AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: addr})
		require.NoError(t, err, "account %s at %d", addr, height)
		st.sequences[addr] = info.Info.Sequence
		nodes, err := ns.ContributorNodes(ctx, &nstypes.QueryContributorNodesRequest{Address: addr})
		require.NoError(t, err)
		st.contributed[addr] = map[string]math.Int{}
		for _, n := range nodes.Nodes {
			st.contributed[addr][n.Pubkey] = n.Amount
		}
	}

	totals, err := rp.Totals(ctx, &rptypes.QueryTotalsRequest{})
	require.NoError(t, err)
	for _, in := range totals.Inflows {
		st.inflows[in.Source] = in.Amount
	}
	st.totalInflow, st.totalEmitted = totals.TotalInflow, totals.TotalEmitted
	pool, err := rp.Pool(ctx, &rptypes.QueryPoolRequest{})
	require.NoError(t, err)
	st.poolBalance = pool.Balance

	revenue, err := pro.Revenue(ctx, &protypes.QueryRevenueRequest{})
	require.NoError(t, err)
	st.revenue, st.liquidity = revenue.Revenue, revenue.LiquidityBalance
	for _, key := range sessionKeys {
		sub, err := pro.Subscription(ctx, &protypes.QuerySubscriptionRequest{SessionPubkey: key})
		require.NoError(t, err, "subscription of %s", key)
		st.subscriptions[key] = *sub
	}

	stats, err := ns.Stats(ctx, &nstypes.QueryStatsRequest{})
	require.NoError(t, err)
	st.totalStaked, st.earningNodes = stats.TotalStaked, stats.ActiveNodes
	nodes, err := ns.Nodes(ctx, &nstypes.QueryNodesRequest{Pagination: &query.PageRequest{Limit: 1000}})
	require.NoError(t, err)
	require.Empty(t, nodes.Pagination.GetNextKey(), "more nodes than one page")
	stakers := map[string]bool{}
	for _, n := range nodes.Nodes {
		rec, err := ns.Node(ctx, &nstypes.QueryNodeRequest{Pubkey: n.Pubkey})
		require.NoError(t, err)
		st.nodes[n.Pubkey] = rec.Node
		for _, c := range rec.Node.Contributions {
			stakers[c.Address] = true
		}
	}
	for addr := range stakers {
		r, err := ns.Rewards(ctx, &nstypes.QueryRewardsRequest{Address: addr})
		require.NoError(t, err)
		st.owed = st.owed.Add(r.Claimable).Add(r.Pending)
	}
	st.nodestakingBalance = balance(authtypes.NewModuleAddress(nstypes.ModuleName).String())

	supply, err := bank.SupplyOf(ctx, &banktypes.QuerySupplyOfRequest{Denom: app.BaseDenom})
	require.NoError(t, err)
	st.supply = supply.Amount.Amount
	return st
}

// requireConservation checks the conservation invariants (docs/architecture.md, Invariants)
// that the queries expose, claimed being every reward claim ever paid (on
// the devnet only the load test claims).
func requireConservation(t *testing.T, st chainState, claimed math.Int) {
	t.Helper()
	h := st.height

	// x/rewardpool: inflows − emissions = balance.
	sum := math.ZeroInt()
	for _, v := range st.inflows {
		sum = sum.Add(v)
	}
	require.Equal(t, st.totalInflow.String(), sum.String(), "height %d: total_inflow is the sum of the inflows", h)
	require.Equal(t, st.totalInflow.Sub(st.totalEmitted).String(), st.poolBalance.String(),
		"height %d: pool balance = total inflow − total emitted", h)

	// x/pro: every purchase = pool part + liquidity part; the pool part is
	// the pool's pro inflow, the liquidity part is in the liquidity account
	// (the devnet never spends it).
	proInflow := st.inflows[rptypes.SourcePro]
	if proInflow.IsNil() {
		proInflow = math.ZeroInt()
	}
	require.Equal(t, st.revenue.ToPool.String(), proInflow.String(), "height %d: pro revenue to_pool = the pool's pro inflow", h)
	require.Equal(t, st.revenue.ToLiquidity.String(), st.liquidity.String(), "height %d: pro revenue to_liquidity = liquidity balance", h)

	// x/nodestaking: the module account holds the stakes and everything
	// received and not claimed (claimable, pending and the carry).
	stakes, contributions := math.ZeroInt(), int64(0)
	for _, rec := range st.nodes {
		contributions += int64(len(rec.Contributions))
		nodeStake := math.ZeroInt()
		for _, c := range rec.Contributions {
			nodeStake = nodeStake.Add(c.Contribution.Amount)
		}
		require.Equal(t, rec.Node.TotalStaked.String(), nodeStake.String(), "height %d: node %s total_staked = its contributions", h, rec.Node.Pubkey)
		stakes = stakes.Add(nodeStake)
	}
	require.Equal(t, st.totalStaked.String(), stakes.String(), "height %d: total_staked = every contribution", h)
	owedByLedger := st.totalEmitted.Sub(claimed)
	require.Equal(t, st.totalStaked.Add(owedByLedger).String(), st.nodestakingBalance.String(),
		"height %d: nodestaking account = stakes %s + emitted %s − claimed %s", h, st.totalStaked, st.totalEmitted, claimed)
	// What the addresses are owed falls short of that only by the dust: the
	// carry, the emission not yet divided (fewer nsesh than earning nodes),
	// and each node's rounding remainder, the operator's when the stakes
	// return (fewer nsesh than its contributors).
	dust := owedByLedger.Sub(st.owed)
	require.False(t, dust.IsNegative(), "height %d: addresses are owed %s, more than the %s received and not claimed", h, st.owed, owedByLedger)
	require.True(t, dust.LT(math.NewIntFromUint64(st.earningNodes).AddRaw(contributions)),
		"height %d: dust %s (owed %s − credited and pending %s) not below the %d earning nodes + %d contributions", h, dust, owedByLedger, st.owed, st.earningNodes, contributions)
}
