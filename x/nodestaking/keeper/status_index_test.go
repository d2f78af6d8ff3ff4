package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The conservation check finds a status index that does not match the
// nodes, and names the node.
func TestConservationCheckFindsAStaleStatusIndex(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	node := f.node(nodeKey(1))
	// Written past the index, as if it had been unlocking: the index still
	// says active.
	sb := collections.NewSchemaBuilder(f.store)
	records := collections.NewMap(sb, types.NodesKey, "nodes", collections.StringKey, codec.CollValue[types.Node](f.cdc))
	_, err := sb.Build()
	require.NoError(t, err)
	node.Status = types.NODE_STATUS_UNLOCKING
	require.NoError(t, records.Set(f.ctx, node.Pubkey, node))

	err = f.k.CheckConservation(f.ctx, f.balance(moduleAddr))
	require.ErrorContains(t, err, "the status index lists node "+node.Pubkey+" as NODE_STATUS_ACTIVE; the node is NODE_STATUS_UNLOCKING")
}
