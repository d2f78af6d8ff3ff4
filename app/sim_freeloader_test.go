//go:build sims

package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/testutil/sim"
	"github.com/sessiontoken/sessionchain/x/nodestaking/simulation"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// minCompared is how many activated nodes each side needs for the
// comparison of freeloaders with the nodes that prove to say something.
const minCompared = 2

// freeloaderOneIn: in TestFreeloadersEarnLess one node key in this many
// freeloads.
const freeloaderOneIn = 3

// TestFreeloadersEarnLess runs the simulation with x/nodestaking's
// freeloader strategy (simulation.FreeloaderOneIn: one node in three holds
// its stake and never proves it is up, and quorums vote on what their tests
// find) and checks that the freeloaders, as a group, earned a smaller part
// of what they could have earned than the nodes that prove. The run counts
// no halts: a halt stops every proof deadline, so that nobody can fail.
// Registrations and contributions are twice as frequent as by default, so
// that 200 blocks activate enough nodes on each side to compare.
func TestFreeloadersEarnLess(t *testing.T) {
	forEachSeed(t, func(t *testing.T, seed int64) {
		cfg, watch := simConfig(seed), newNodeWatch(t)
		cfg.Params = map[string]any{
			simulation.FreeloaderOneIn:         freeloaderOneIn,
			simulation.OpWeightMsgRegisterNode: 2 * simulation.DefaultWeightMsgRegisterNode,
			simulation.OpWeightMsgContribute:   2 * simulation.DefaultWeightMsgContribute,
		}
		cfg.Observe = watch.observe
		sim.Run(t, cfg)
		watch.requireFreeloadersEarnLess(t)
	})
}

// watchedNode is what a run showed of one activated node: what it had
// earned when it was last seen in state, and what a node earning all along
// from the same start would have earned by then (the growth of the reward
// index, which is what one earning node gets).
type watchedNode struct {
	earned   math.Int
	possible math.Int
	// base is the reward index when the node was first seen, less what it
	// had earned by then: the index it started from.
	base math.Int
}

// nodeWatch follows every activated node of a run block by block, so that
// nodes that left the network before its end still count.
type nodeWatch struct {
	t     *testing.T
	nodes map[string]*watchedNode
}

func newNodeWatch(t *testing.T) *nodeWatch {
	return &nodeWatch{t: t, nodes: map[string]*watchedNode{}}
}

// observe records, after a block, what each activated node has earned: what
// it earned up to its last settlement plus, while it earns, the reward
// index since.
func (w *nodeWatch) observe(ctx sdk.Context, a *app.App) {
	k := a.NodeStakingKeeper
	params, err := k.Params.Get(ctx)
	require.NoError(w.t, err)
	require.Zero(w.t, params.HaltThreshold, "a freeloader run counts no halts")
	index, err := k.Rewards.Index(ctx)
	require.NoError(w.t, err)
	require.NoError(w.t, k.Staking.Nodes.Walk(ctx, nil, func(pubkey string, n nodestakingtypes.Node) (bool, error) {
		if n.ActivatedAt == nil {
			return false, nil
		}
		earned := n.Earned
		if n.Status == nodestakingtypes.NODE_STATUS_ACTIVE || n.Status == nodestakingtypes.NODE_STATUS_UNLOCKING {
			earned = earned.Add(index.Sub(n.RewardIndex))
		}
		wn, ok := w.nodes[pubkey]
		if !ok {
			wn = &watchedNode{base: index.Sub(earned)}
			w.nodes[pubkey] = wn
		}
		wn.earned, wn.possible = earned, index.Sub(wn.base)
		return false, nil
	}))
}

// requireFreeloadersEarnLess checks the freeloaders against the nodes that
// prove: of what a node earning all along from its activation to when it
// was last seen would have earned, the freeloaders as a group earned a
// smaller part. (Comparing the parts, not the amounts, takes out when a
// node was active: a node earns more per second when fewer nodes share the
// reward.) A run with too few activated nodes on a side fails: it would
// compare nothing.
func (w *nodeWatch) requireFreeloadersEarnLess(t *testing.T) {
	t.Helper()
	type group struct {
		nodes            int
		earned, possible math.Int
	}
	groups := map[bool]*group{false: {earned: math.ZeroInt(), possible: math.ZeroInt()}, true: {earned: math.ZeroInt(), possible: math.ZeroInt()}}
	for pubkey, n := range w.nodes {
		g := groups[simulation.Freeloader(pubkey, freeloaderOneIn)]
		g.nodes++
		g.earned, g.possible = g.earned.Add(n.earned), g.possible.Add(n.possible)
	}
	honest, free := groups[false], groups[true]
	t.Logf("activated nodes that prove: %d, earned %s of %s nsesh; freeloaders: %d, earned %s of %s nsesh",
		honest.nodes, honest.earned, honest.possible, free.nodes, free.earned, free.possible)
	require.True(t, honest.nodes >= minCompared && free.nodes >= minCompared && honest.possible.IsPositive() && free.possible.IsPositive(),
		"too few activated nodes on a side to compare freeloaders with the nodes that prove")
	// free.earned/free.possible < honest.earned/honest.possible, in integers.
	require.True(t, free.earned.Mul(honest.possible).LT(honest.earned.Mul(free.possible)),
		"freeloaders earned %s of %s nsesh, at least the part the nodes that prove earned (%s of %s)",
		free.earned, free.possible, honest.earned, honest.possible)
}
