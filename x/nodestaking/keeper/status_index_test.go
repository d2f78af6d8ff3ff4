package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// saveNode moves a node's status index entry when its status changed since
// it was read, and writes the record alone when it did not.
func TestSaveNodeKeepsTheStatusIndex(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	node := f.node(nodeKey(1))
	require.Equal(t, types.NODE_STATUS_ACTIVE, node.Status)

	// The status as read: the record changes, the entry stands.
	node.Proofs = 7
	require.NoError(t, f.k.SaveNode(f.ctx, types.NODE_STATUS_ACTIVE, node))
	require.Equal(t, uint64(7), f.node(nodeKey(1)).Proofs)
	require.Equal(t, []string{node.Pubkey}, f.nodesWithStatus(types.NODE_STATUS_ACTIVE))
	f.checkConservation()

	// A new status: the entry moves.
	node.Status = types.NODE_STATUS_UNLOCKING
	require.NoError(t, f.k.SaveNode(f.ctx, types.NODE_STATUS_ACTIVE, node))
	require.Empty(t, f.nodesWithStatus(types.NODE_STATUS_ACTIVE))
	require.Equal(t, []string{node.Pubkey}, f.nodesWithStatus(types.NODE_STATUS_UNLOCKING))
}

// The conservation check finds a status index that does not match the
// nodes, and names the node.
func TestConservationCheckFindsAStaleStatusIndex(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	node := f.node(nodeKey(1))
	// Written as if it had been unlocking: the index still says active.
	node.Status = types.NODE_STATUS_UNLOCKING
	require.NoError(t, f.k.SaveNode(f.ctx, types.NODE_STATUS_UNLOCKING, node))

	err := f.k.CheckConservation(f.ctx, f.balance(moduleAddr))
	require.ErrorContains(t, err, "the status index lists node "+node.Pubkey+" as NODE_STATUS_ACTIVE; the node is NODE_STATUS_UNLOCKING")
}

// nodesWithStatus lists the nodes the status index holds under status.
func (f *fixture) nodesWithStatus(status types.NodeStatus) []string {
	f.t.Helper()
	it, err := f.k.Nodes.Indexes.Status.MatchExact(f.ctx, int32(status))
	require.NoError(f.t, err)
	keys, err := it.PrimaryKeys()
	require.NoError(f.t, err)
	return keys
}
