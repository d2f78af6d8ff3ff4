package keeper_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func TestQueryNode(t *testing.T) {
	f := newFixture(t)
	key := nodeKey(1)
	require.NoError(t, f.register(testAddr(1), key, sesh(6_250), 250, spot(testAddr(3), sesh(4_000))))
	_, err := f.contribute(testAddr(2), key, sesh(3_000))
	require.NoError(t, err)

	for _, name := range []string{keyHex(key), strings.ToUpper(keyHex(key))} {
		res, err := f.queries.Node(f.ctx, &types.QueryNodeRequest{Pubkey: name})
		require.NoError(t, err, name)
		rec := res.Node
		require.Equal(t, keyHex(key), rec.Node.Pubkey)
		require.Equal(t, sesh(9_250).String(), rec.Node.TotalStaked.String())
		require.Len(t, rec.Contributions, 2)
		require.Equal(t, testAddr(1).String(), rec.Contributions[0].Address, "the operator first")
		require.Equal(t, testAddr(2).String(), rec.Contributions[1].Address)
		require.Equal(t, sesh(3_000).String(), rec.Contributions[1].Contribution.Amount.String())
		require.Equal(t, []types.ReservedSpot{spot(testAddr(3), sesh(4_000))}, rec.Reserved)
	}

	_, err = f.queries.Node(f.ctx, &types.QueryNodeRequest{Pubkey: keyHex(nodeKey(2))})
	require.ErrorIs(t, err, types.ErrNodeNotFound)
	_, err = f.queries.Node(f.ctx, &types.QueryNodeRequest{Pubkey: "abc"})
	require.ErrorIs(t, err, types.ErrInvalidPubkey)
	_, err = f.queries.Node(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

func TestQueryNodesByStatusPaginated(t *testing.T) {
	f := newFixture(t)
	var awaiting []string
	for i := 1; i <= 5; i++ {
		require.NoError(t, f.register(testAddr(byte(i)), nodeKey(i), sesh(6_250), 0))
		awaiting = append(awaiting, keyHex(nodeKey(i)))
	}
	sort.Strings(awaiting)
	f.soloNode(nodeKey(6), testAddr(6), 0)
	f.soloNode(nodeKey(7), testAddr(7), 0)
	require.NoError(t, f.unlock(testAddr(7), nodeKey(7)))

	var got []string
	var next []byte
	for page := 0; ; page++ {
		res, err := f.queries.Nodes(f.ctx, &types.QueryNodesRequest{
			Status:     types.NODE_STATUS_AWAITING,
			Pagination: &query.PageRequest{Key: next, Limit: 2, CountTotal: page == 0},
		})
		require.NoError(t, err)
		require.LessOrEqual(t, len(res.Nodes), 2)
		if page == 0 {
			require.Equal(t, uint64(5), res.Pagination.Total)
		}
		for _, n := range res.Nodes {
			require.Equal(t, types.NODE_STATUS_AWAITING, n.Status)
			got = append(got, n.Pubkey)
		}
		next = res.Pagination.NextKey
		if next == nil {
			require.Equal(t, 2, page, "5 nodes fill 3 pages of 2")
			break
		}
	}
	require.Equal(t, awaiting, got)

	for status, want := range map[types.NodeStatus][]string{
		types.NODE_STATUS_ACTIVE:       {keyHex(nodeKey(6))},
		types.NODE_STATUS_UNLOCKING:    {keyHex(nodeKey(7))},
		types.NODE_STATUS_DEREGISTERED: nil,
	} {
		res, err := f.queries.Nodes(f.ctx, &types.QueryNodesRequest{Status: status})
		require.NoError(t, err)
		var keys []string
		for _, n := range res.Nodes {
			keys = append(keys, n.Pubkey)
		}
		require.Equal(t, want, keys, status.String())
	}
	all, err := f.queries.Nodes(f.ctx, &types.QueryNodesRequest{})
	require.NoError(t, err)
	require.Len(t, all.Nodes, 7)
	_, err = f.queries.Nodes(f.ctx, &types.QueryNodesRequest{Status: 42})
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

func TestQueryContributorNodes(t *testing.T) {
	f := newFixture(t)
	addr := testAddr(1)
	f.newNode(nodeKey(1), 0, stake{addr, sesh(25_000)})
	f.newNode(nodeKey(2), 0, stake{testAddr(2), sesh(10_000)}, stake{addr, sesh(3_000)})
	require.NoError(t, f.register(testAddr(3), nodeKey(3), sesh(6_250), 0, spot(addr, sesh(5_000))))

	res, err := f.queries.ContributorNodes(f.ctx, &types.QueryContributorNodesRequest{Address: addr.String()})
	require.NoError(t, err)

	want := []types.ContributorNode{
		{Pubkey: keyHex(nodeKey(1)), Amount: sesh(25_000)},
		{Pubkey: keyHex(nodeKey(2)), Amount: sesh(3_000)},
	}
	sort.Slice(want, func(i, j int) bool { return want[i].Pubkey < want[j].Pubkey })
	require.Len(t, res.Nodes, 2, "a reserved spot is not a stake")
	got := append([]types.ContributorNode(nil), res.Nodes...)
	sort.Slice(got, func(i, j int) bool { return got[i].Pubkey < got[j].Pubkey })
	for i := range want {
		require.Equal(t, want[i].Pubkey, got[i].Pubkey)
		require.Equal(t, want[i].Amount.String(), got[i].Amount.String())
	}
	_, err = f.queries.ContributorNodes(f.ctx, &types.QueryContributorNodesRequest{Address: "nope"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
}

func TestQueryRewards(t *testing.T) {
	f := newFixture(t)
	addr := testAddr(1)
	f.newNode(nodeKey(1), 0, stake{addr, sesh(25_000)})
	f.newNode(nodeKey(2), 0, stake{testAddr(2), sesh(12_500)}, stake{addr, sesh(12_500)})
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(4_000)))
	// A claim by the other contributor takes its half of node 2's 2,000
	// and leaves addr's half pending.
	paid, err := f.claim(testAddr(2))
	require.NoError(t, err)
	require.Equal(t, "1000", paid.String())
	require.True(t, f.emit(math.NewInt(2_000)))

	r := f.rewards(addr)

	require.Equal(t, "0", r.Claimable.String(), "credited only when a node's stakes return")
	require.Equal(t, "4500", r.Pending.String(), "node 1's 3,000 and half of node 2's 3,000")
	require.Equal(t, "0", f.claimable(testAddr(2)).String())
	require.Equal(t, "500", f.rewards(testAddr(2)).Pending.String())
	_, err = f.queries.Rewards(f.ctx, &types.QueryRewardsRequest{Address: ""})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
}

func TestQueryNextContribution(t *testing.T) {
	f := newFixture(t)
	key, holder, contributor := nodeKey(1), testAddr(2), testAddr(3)
	require.NoError(t, f.register(testAddr(1), key, sesh(6_250), 0, spot(holder, sesh(4_750))))
	_, err := f.contribute(contributor, key, sesh(4_000))
	require.NoError(t, err)
	f.soloNode(nodeKey(2), testAddr(4), 0)

	// Open: 25,000 − 10,250 staked − 4,750 reserved = 10,000 over 7 spots.
	tests := []struct {
		name     string
		node     int
		address  string
		min, max math.Int
		wantErr  error
	}{
		{name: "a new contributor", node: 1, min: math.NewInt(1_428_571_428_572), max: sesh(10_000)},
		{name: "a new contributor by address", node: 1, address: testAddr(9).String(), min: math.NewInt(1_428_571_428_572), max: sesh(10_000)},
		{name: "the reserved address", node: 1, address: holder.String(), min: sesh(4_750), max: sesh(14_750)},
		{name: "an existing contributor", node: 1, address: contributor.String(), min: math.OneInt(), max: sesh(10_000)},
		{name: "an active node", node: 2, wantErr: types.ErrWrongStatus},
		{name: "an unknown node", node: 3, wantErr: types.ErrNodeNotFound},
		{name: "a bad address", node: 1, address: "x", wantErr: types.ErrInvalidAddress},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := f.queries.NextContribution(f.ctx, &types.QueryNextContributionRequest{Pubkey: keyHex(nodeKey(tc.node)), Address: tc.address})
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.min.String(), res.Minimum.String(), "minimum")
			require.Equal(t, tc.max.String(), res.Maximum.String(), "maximum")
		})
	}
}

func TestQueryStats(t *testing.T) {
	f := newFixture(t)
	f.pool.dayReward = math.NewInt(16_547_945_205_479)

	res, err := f.queries.Stats(f.ctx, &types.QueryStatsRequest{})
	require.NoError(t, err)
	require.Zero(t, res.ActiveNodes)
	require.True(t, res.RewardPerNodePerDay.IsZero(), "no node, no reward per node")

	for i := 1; i <= 3; i++ {
		f.soloNode(nodeKey(i), testAddr(byte(i)), 0)
	}
	require.NoError(t, f.register(testAddr(4), nodeKey(4), sesh(7_000), 0))
	require.NoError(t, f.unlock(testAddr(3), nodeKey(3)))

	res, err = f.queries.Stats(f.ctx, &types.QueryStatsRequest{})
	require.NoError(t, err)
	require.Equal(t, uint64(3), res.ActiveNodes, "an unlocking node still earns")
	require.Equal(t, sesh(82_000).String(), res.TotalStaked.String())
	require.Equal(t, "5515981735159", res.RewardPerNodePerDay.String()) // floor(16,547,945,205,479 / 3)
}

// When all that is left is reserved, even an existing contributor can add
// nothing: the query says the node is full rather than answering 1 to 0.
func TestQueryNextContributionAllReserved(t *testing.T) {
	f := newFixture(t)
	key, holder, contributor := nodeKey(1), testAddr(2), testAddr(3)
	require.NoError(t, f.register(testAddr(1), key, sesh(6_250), 0, spot(holder, sesh(4_750))))
	_, err := f.contribute(contributor, key, sesh(14_000))
	require.NoError(t, err)

	_, err = f.queries.NextContribution(f.ctx, &types.QueryNextContributionRequest{Pubkey: keyHex(key), Address: contributor.String()})
	require.ErrorIs(t, err, types.ErrNodeFull)
	res, err := f.queries.NextContribution(f.ctx, &types.QueryNextContributionRequest{Pubkey: keyHex(key), Address: holder.String()})
	require.NoError(t, err)
	require.Equal(t, sesh(4_750).String(), res.Minimum.String(), "the reserved address may still fill its spot")
	require.Equal(t, sesh(4_750).String(), res.Maximum.String())
}
