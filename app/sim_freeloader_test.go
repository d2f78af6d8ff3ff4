//go:build sims

package app_test

import (
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/testutil/sim"
	"github.com/sessiontoken/sessionchain/x/nodestaking/simulation"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// minFreeloaders is how many nodes each side needs for the comparison to
// say something.
const minFreeloaders = 2

// earnings are a group's nodes: what they earned and for how long they
// were in the network after activation.
type earnings struct {
	nodes   int
	earned  math.Int
	seconds int64
}

// requireFreeloadersEarnLess checks the simulation's freeloader strategy
// (x/nodestaking/simulation.Freeloader: nodes that never prove they are up)
// against the nodes that prove: per second since activation, the
// freeloaders as a group earned less. A node's earnings are what it earned
// up to its last settlement plus, while it earns, the reward index since.
// Nodes that left the network are not in state and are not counted.
func requireFreeloadersEarnLess(t *testing.T, res *sim.Result) {
	t.Helper()
	ctx := res.App.NewContextLegacy(true, cmtproto.Header{ChainID: sim.ChainID, Height: res.Height, Time: res.Time})
	k := res.App.NodeStakingKeeper
	index, err := k.Rewards.Index(ctx)
	require.NoError(t, err)
	groups := map[bool]*earnings{false: {earned: math.ZeroInt()}, true: {earned: math.ZeroInt()}}
	require.NoError(t, k.Staking.Nodes.Walk(ctx, nil, func(pubkey string, n nodestakingtypes.Node) (bool, error) {
		if n.ActivatedAt == nil {
			return false, nil
		}
		earned := n.Earned
		if n.Status == nodestakingtypes.NODE_STATUS_ACTIVE || n.Status == nodestakingtypes.NODE_STATUS_UNLOCKING {
			earned = earned.Add(index.Sub(n.RewardIndex))
		}
		g := groups[simulation.Freeloader(pubkey)]
		g.nodes++
		g.earned = g.earned.Add(earned)
		g.seconds += int64(res.Time.Sub(*n.ActivatedAt) / time.Second)
		return false, nil
	}))
	honest, free := groups[false], groups[true]
	t.Logf("nodes that prove: %d, %s nsesh over %d s; freeloaders: %d, %s nsesh over %d s",
		honest.nodes, honest.earned, honest.seconds, free.nodes, free.earned, free.seconds)
	if honest.nodes < minFreeloaders || free.nodes < minFreeloaders || honest.seconds == 0 || free.seconds == 0 {
		t.Logf("too few activated nodes on one side to compare")
		return
	}
	// free.earned/free.seconds < honest.earned/honest.seconds, in integers.
	lhs := free.earned.Mul(math.NewInt(honest.seconds))
	rhs := honest.earned.Mul(math.NewInt(free.seconds))
	require.True(t, lhs.LT(rhs), "freeloaders earned %s nsesh over %d node-seconds, at least the rate of the nodes that prove (%s over %d)",
		free.earned, free.seconds, honest.earned, honest.seconds)
}
