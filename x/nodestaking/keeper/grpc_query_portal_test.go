package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func TestMedianBps(t *testing.T) {
	for _, tc := range []struct {
		fees []uint32
		want uint32
	}{
		{nil, 0},
		{[]uint32{700}, 700},
		{[]uint32{900, 100, 500}, 500},
		{[]uint32{100, 400}, 250},
		{[]uint32{0, 1}, 0},
		{[]uint32{10_000, 9_999, 3, 10_000}, 9_999},
	} {
		require.Equal(t, tc.want, keeper.MedianBps(tc.fees), "%v", tc.fees)
	}
}

func TestQueryMedianFeeCountsActiveNodesOnly(t *testing.T) {
	f := newFixture(t)
	res, err := f.queries.MedianFee(f.ctx, &types.QueryMedianFeeRequest{})
	require.NoError(t, err)
	require.Equal(t, types.QueryMedianFeeResponse{}, *res, "no active node")

	f.soloNode(nodeKey(1), testAddr(1), 100)
	f.soloNode(nodeKey(2), testAddr(2), 800)
	f.soloNode(nodeKey(3), testAddr(3), 500)
	f.soloNode(nodeKey(4), testAddr(4), 1_100)
	require.NoError(t, f.register(testAddr(5), nodeKey(5), sesh(6_250), 10_000)) // awaiting: an offer
	f.soloNode(nodeKey(6), testAddr(6), 9_000)
	require.NoError(t, f.unlock(testAddr(6), nodeKey(6))) // leaving

	res, err = f.queries.MedianFee(f.ctx, &types.QueryMedianFeeRequest{})
	require.NoError(t, err)
	require.Equal(t, uint64(4), res.Nodes)
	require.Equal(t, uint32(650), res.MedianFeeBps, "(500 + 800) / 2")
	_, err = f.queries.MedianFee(f.ctx, nil)
	require.NoError(t, err, "no input to get wrong")
}

func TestQueryDailyRewardsSplitsTodaysRewardPerNodeByStake(t *testing.T) {
	f := newFixture(t)
	operator, contributor := testAddr(1), testAddr(2)
	f.newNode(nodeKey(1), 1_000, stake{operator, sesh(6_250)}, stake{contributor, sesh(18_750)})
	f.soloNode(nodeKey(2), contributor, 0)
	f.soloNode(nodeKey(3), testAddr(3), 0)
	require.NoError(t, f.register(contributor, nodeKey(4), sesh(6_250), 0)) // awaiting: earns nothing

	// Today's reward 100,000 SESH + 1 nsesh over 3 earning nodes: 33,333.333333333 SESH each.
	f.pool.dayReward = sesh(100_000).AddRaw(1)
	perNode := math.NewInt(33_333_333_333_333)

	res, err := f.queries.DailyRewards(f.ctx, &types.QueryDailyRewardsRequest{Address: contributor.String()})
	require.NoError(t, err)
	require.Equal(t, perNode.String(), res.RewardPerNodePerDay.String())
	// Node 1: 10% fee (3,333,333,333,333), then 3/4 of 30,000,000,000,000.
	fromNode1 := math.NewInt(22_500_000_000_000)
	require.ElementsMatch(t, []types.NodeDailyReward{
		{Pubkey: keyHex(nodeKey(1)), Amount: fromNode1},
		{Pubkey: keyHex(nodeKey(2)), Amount: perNode},
	}, res.Nodes)
	require.Equal(t, fromNode1.Add(perNode).String(), res.PerDay.String())

	res, err = f.queries.DailyRewards(f.ctx, &types.QueryDailyRewardsRequest{Address: operator.String()})
	require.NoError(t, err)
	require.Equal(t, "10833333333333", res.PerDay.String(), "fee 3,333,333,333,333 + 1/4 of 30,000,000,000,000")

	// What a day brings matches the estimate to the roundings of the index.
	before := f.owed(contributor)
	f.nextBlock(day)
	require.True(t, f.emit(f.pool.dayReward))
	f.endBlock()
	earned := f.owed(contributor).Sub(before)
	require.True(t, earned.Sub(fromNode1.Add(perNode)).Abs().LTE(math.NewInt(2)), "earned %s", earned)

	res, err = f.queries.DailyRewards(f.ctx, &types.QueryDailyRewardsRequest{Address: testAddr(20).String()})
	require.NoError(t, err)
	require.True(t, res.PerDay.IsZero())
	require.Empty(t, res.Nodes)
}

func TestQueryDailyRewardsWithNoEarningNode(t *testing.T) {
	f := newFixture(t)
	f.pool.dayReward = sesh(1_000)
	res, err := f.queries.DailyRewards(f.ctx, &types.QueryDailyRewardsRequest{Address: testAddr(1).String()})
	require.NoError(t, err)
	require.True(t, res.PerDay.IsZero())
	require.True(t, res.RewardPerNodePerDay.IsZero())
}

func TestQueryOpenNodesFilters(t *testing.T) {
	f := newFixture(t)
	// Node 1: fee 2%, 18,750 SESH left over 9 spots (min 2,083.33...).
	require.NoError(t, f.register(testAddr(1), nodeKey(1), sesh(6_250), 200))
	// Node 2: fee 5%, 5,000 reserved: 13,750 left over 8 spots (min 1,718.75).
	require.NoError(t, f.register(testAddr(2), nodeKey(2), sesh(6_250), 500, spot(testAddr(9), sesh(5_000))))
	// Node 3: fee 1%, 3,750 left over 8 spots (min 468.75).
	require.NoError(t, f.register(testAddr(3), nodeKey(3), sesh(6_250), 100))
	_, err := f.contribute(testAddr(4), nodeKey(3), sesh(15_000))
	require.NoError(t, err)
	// Node 4: all that is left is reserved; node 5 is active.
	require.NoError(t, f.register(testAddr(5), nodeKey(4), sesh(6_250), 0, spot(testAddr(9), sesh(18_750))))
	f.soloNode(nodeKey(5), testAddr(6), 0)

	list := func(req *types.QueryOpenNodesRequest) map[string]types.OpenNode {
		t.Helper()
		res, err := f.queries.OpenNodes(f.ctx, req)
		require.NoError(t, err)
		out := map[string]types.OpenNode{}
		for _, n := range res.Nodes {
			out[n.Node.Pubkey] = n
		}
		return out
	}
	all := list(&types.QueryOpenNodesRequest{})
	require.Len(t, all, 3, "node 4 has no room for a new contributor, node 5 is active")
	n2 := all[keyHex(nodeKey(2))]
	require.Equal(t, sesh(13_750).String(), n2.RoomLeft.String())
	require.Equal(t, "1718750000000", n2.MinContribution.String())
	require.Equal(t, uint32(8), n2.SpotsLeft)
	require.Equal(t, "2083333333334", all[keyHex(nodeKey(1))].MinContribution.String(), "rounded up")

	for _, tc := range []struct {
		name string
		req  *types.QueryOpenNodesRequest
		want []int
	}{
		{"room", &types.QueryOpenNodesRequest{MinRoom: sesh(13_750).String()}, []int{1, 2}},
		{"fee", &types.QueryOpenNodesRequest{MaxFeeBps: "200"}, []int{1, 3}},
		{"zero fee", &types.QueryOpenNodesRequest{MaxFeeBps: "0"}, nil},
		{"minimum", &types.QueryOpenNodesRequest{MaxMinContribution: "1718750000000"}, []int{2, 3}},
		{"all three", &types.QueryOpenNodesRequest{MinRoom: "1", MaxFeeBps: "10000", MaxMinContribution: sesh(500).String()}, []int{3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := list(tc.req)
			require.Len(t, got, len(tc.want))
			for _, i := range tc.want {
				require.Contains(t, got, keyHex(nodeKey(i)))
			}
		})
	}
}

func TestQueryOpenNodesPaginatesOverTheFilteredNodes(t *testing.T) {
	f := newFixture(t)
	for i := 1; i <= 7; i++ {
		require.NoError(t, f.register(testAddr(byte(i)), nodeKey(i), sesh(6_250), uint32(i*100)))
	}
	seen := map[string]bool{}
	var next []byte
	for page := 0; ; page++ {
		res, err := f.queries.OpenNodes(f.ctx, &types.QueryOpenNodesRequest{
			MaxFeeBps:  "500",
			Pagination: &query.PageRequest{Key: next, Limit: 2, CountTotal: page == 0},
		})
		require.NoError(t, err)
		if page == 0 {
			require.Equal(t, uint64(5), res.Pagination.Total, "fees 100 to 500")
		}
		for _, n := range res.Nodes {
			require.LessOrEqual(t, n.Node.FeeBps, uint32(500))
			require.False(t, seen[n.Node.Pubkey])
			seen[n.Node.Pubkey] = true
		}
		if next = res.Pagination.NextKey; next == nil {
			break
		}
		require.Less(t, page, 4)
	}
	require.Len(t, seen, 5)
}

func TestPortalQueriesRejectBadInput(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name    string
		call    func() error
		wantErr error
	}{
		{"daily rewards, no request", func() error { _, err := f.queries.DailyRewards(f.ctx, nil); return err }, types.ErrInvalidRequest},
		{"daily rewards, bad address", func() error {
			_, err := f.queries.DailyRewards(f.ctx, &types.QueryDailyRewardsRequest{Address: "cosmos1xyz"})
			return err
		}, types.ErrInvalidAddress},
		{"open nodes, no request", func() error { _, err := f.queries.OpenNodes(f.ctx, nil); return err }, types.ErrInvalidRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = tc.call() })
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, codes.InvalidArgument, status.Code(err))
		})
	}
	for _, req := range []*types.QueryOpenNodesRequest{
		{MinRoom: "-1"},
		{MinRoom: "1.5"},
		{MinRoom: "lots"},
		{MaxFeeBps: "10001"},
		{MaxFeeBps: "-1"},
		{MaxFeeBps: "4294967296"},
		{MaxFeeBps: "5%"},
		{MaxMinContribution: "1e9"},
		{MaxMinContribution: " 1"},
	} {
		var err error
		require.NotPanics(t, func() { _, err = f.queries.OpenNodes(f.ctx, req) })
		require.ErrorIs(t, err, types.ErrInvalidRequest, "%v", req)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
	}
}
