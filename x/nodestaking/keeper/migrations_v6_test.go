package keeper_test

import (
	"testing"

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
	require.NoError(t, f.k.Params.Set(f.ctx, v5))
	rec := f.live(key)
	require.Nil(t, rec.Endpoint)

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate5to6(f.ctx))

	// Assert
	require.Equal(t, types.DefaultProofBlockWindow, f.params().ProofBlockWindow)
	require.Equal(t, rec, f.live(key), "the record is unchanged")
	res, err := f.queries.Endpoints(f.ctx, &types.QueryEndpointsRequest{})
	require.NoError(t, err)
	require.Empty(t, res.Endpoints)
	f.nextBlock(types.DefaultUptimeProofInterval)
	f.prove(key)
	require.NotNil(t, f.live(key).Endpoint, "the next proof registers it")
}
