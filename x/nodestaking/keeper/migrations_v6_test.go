package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Version 5 params have no proof_block_window: the migration gives it its
// default, and every node's endpoint stays empty until its next proof.
func TestMigrate5to6(t *testing.T) {
	// Arrange: a proved node, as version 5 stored it (no endpoint).
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	v5 := f.params()
	v5.ProofBlockWindow = 0
	v5.MissedVotePenalty, v5.MaxMissedVotes, v5.MaxFreeVotesPerBlock, v5.MissedSharePenalty = 0, 0, 0, 0
	require.NoError(t, f.k.Params.Set(f.ctx, v5))
	rec := f.live(key)
	require.Nil(t, rec.Endpoint)

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate5to6(f.ctx))

	// Assert
	require.Equal(t, types.DefaultProofBlockWindow, f.params().ProofBlockWindow)
	require.Equal(t, types.DefaultMissedVotePenalty, f.params().MissedVotePenalty)
	require.Equal(t, types.DefaultMissedSharePenalty, f.params().MissedSharePenalty)
	require.Equal(t, types.DefaultMaxMissedVotes, f.params().MaxMissedVotes)
	require.Equal(t, types.DefaultMaxFreeVotesPerBlock, f.params().MaxFreeVotesPerBlock)
	require.Equal(t, rec, f.live(key), "the record is unchanged")
	require.Zero(t, rec.MissedVotes, "no vote missed before the upgrade")
	res, err := f.queries.Endpoints(f.ctx, &types.QueryEndpointsRequest{})
	require.NoError(t, err)
	require.Empty(t, res.Endpoints)
	f.setParams(func(p *types.Params) { p.HaltThreshold = 0 }) // the hour below is one block, not a halt
	f.nextBlock(types.DefaultUptimeProofInterval)
	f.prove(key)
	require.NotNil(t, f.live(key).Endpoint, "the next proof registers it")
}

// Version 5 took an unlocking node out of liveness at its unlock: it earned
// for the whole delay without a proof. The migration puts every unlocking
// node back in the numbered set with a fresh proof clock, and gives the
// params halt_threshold.
func TestMigrate5to6RejoinsUnlockingNodes(t *testing.T) {
	// Arrange: node 1 unlocking as version 5 left it, node 2 active.
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	f.soloNode(nodeKey(2), testAddr(2), 0)
	f.nextBlock(time.Minute)
	require.NoError(t, f.unlock(testAddr(1), key))
	v5Node := f.node(key)
	v5Node.Status = types.NODE_STATUS_ACTIVE // the status it left liveness with
	require.NoError(t, f.k.Liveness.Stop(f.ctx, v5Node))
	v5 := f.params()
	v5.ProofBlockWindow, v5.HaltThreshold, v5.FeeChangeNotice = 0, 0, 0
	require.NoError(t, f.k.Params.Set(f.ctx, v5))
	require.NotContains(t, f.activeOrder(), keyHex(key))
	f.nextBlock(5 * day)

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate5to6(f.ctx))

	// Assert
	require.Equal(t, types.DefaultHaltThreshold, f.params().HaltThreshold)
	require.Equal(t, types.DefaultFeeChangeNotice, f.params().FeeChangeNotice)
	require.Contains(t, f.activeOrder(), keyHex(key))
	rec := f.live(key)
	require.True(t, f.now().Equal(rec.LastProofAt), "its proof clock starts at the upgrade")
	require.Contains(t, f.proofDeadlines(), queueEntry(f.now().Add(types.DefaultUptimeProofTimeout), key))
	f.checkLiveness()
	// Node 2, active, timed out meanwhile at the next EndBlock; node 1 has a
	// whole timeout to prove.
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_UNLOCKING, f.status(key))
}
