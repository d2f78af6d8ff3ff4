package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// run makes blocks every 5 minutes (no halt) for d, ending each.
func (f *fixture) run(d time.Duration) {
	f.t.Helper()
	for end := f.now().Add(d); f.now().Before(end); {
		f.nextBlock(min(5*time.Minute, end.Sub(f.now())))
		f.endBlock()
	}
}

// A halt longer than the proof timeout fails no node at the restart: every
// deadline moves on by the gap. Before version 6 the first block after it
// decommissioned every node.
func TestHaltMovesEveryDeadlineOnByTheGap(t *testing.T) {
	f := newFixture(t, withLiveness, withHalts)
	f.soloNodes(1, 3)
	f.run(time.Hour)
	f.nextBlock(time.Minute)
	for _, key := range keysList(3) {
		f.prove(key)
	}
	f.endBlock()
	f.run(time.Hour) // an hour since the proofs: 70 minutes left

	const gap = 12 * time.Hour
	f.nextBlock(gap)
	f.endBlock()

	for _, key := range keysList(3) {
		require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(key))
	}
	require.Equal(t, []*types.EventChainHalt{{Gap: gap, Halted: gap}}, events[*types.EventChainHalt](f))
	require.Empty(t, events[*types.EventNodeDecommissioned](f))
	f.checkLiveness()
	deadline := f.liveness(nodeKey(1)).ProofDeadline
	require.True(t, f.now().Add(70*time.Minute).Equal(*deadline), "the Liveness query gives the deadline in block time: %s", deadline)

	// Node 1 proves after the restart; the others have the 70 minutes they
	// had left, and no more.
	f.nextBlock(time.Minute)
	f.prove(nodeKey(1))
	f.endBlock()
	f.run(69*time.Minute - time.Nanosecond)
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(nodeKey(2)))
	f.nextBlock(time.Nanosecond)
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(nodeKey(1)))
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(nodeKey(2)))
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(nodeKey(3)))
	f.checkLiveness()
}

// A decommissioned node's credit does not burn while the chain is halted.
func TestHaltDoesNotBurnCredit(t *testing.T) {
	f, _ := decommissionedAt(t)
	f.setParams(func(p *types.Params) { p.HaltThreshold = types.DefaultHaltThreshold })
	key := nodeKey(1)
	credit := f.liveness(key).Credit
	f.run(time.Hour)
	require.Equal(t, credit-time.Hour, f.liveness(key).Credit)

	f.nextBlock(4 * day) // a halt far longer than the credit
	f.endBlock()

	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(key))
	require.Equal(t, credit-time.Hour, f.liveness(key).Credit)
	f.checkLiveness()
}

// Gaps up to halt_threshold are ordinary blocks: the clock keeps block time.
func TestGapsUpToTheThresholdAreNoHalt(t *testing.T) {
	f := newFixture(t, withLiveness, withHalts)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.nextBlock(types.DefaultHaltThreshold)
	f.endBlock()
	require.Empty(t, events[*types.EventChainHalt](f))
	now, err := f.k.Liveness.Now(f.ctx)
	require.NoError(t, err)
	require.True(t, f.now().Equal(now))

	f.nextBlock(types.DefaultHaltThreshold + time.Nanosecond)
	f.endBlock()
	now, err = f.k.Liveness.Now(f.ctx)
	require.NoError(t, err)
	require.True(t, f.now().Add(-types.DefaultHaltThreshold-time.Nanosecond).Equal(now))
}

// The liveness clock is exported and imported with the records it dates.
func TestHaltClockSurvivesExportAndImport(t *testing.T) {
	f := newFixture(t, withLiveness, withHalts)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.run(time.Minute)
	f.nextBlock(5 * time.Hour)
	f.endBlock()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NotNil(t, gs.LivenessClock)
	require.Equal(t, 5*time.Hour, gs.LivenessClock.Halted)
	require.NoError(t, gs.Validate())

	g := newFixtureFromGenesis(t, gs, f.balance(moduleAddr))
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())
	require.Equal(t, f.liveness(nodeKey(1)), g.liveness(nodeKey(1)))

	bad := *gs
	bad.LivenessClock = &types.LivenessClock{Halted: -time.Second}
	require.ErrorIs(t, bad.Validate(), types.ErrInvalidGenesis)
}
