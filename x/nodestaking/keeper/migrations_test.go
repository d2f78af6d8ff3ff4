package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/liveness"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// A node stored by consensus version 2 has no earned total and no count of
// its reserved spots: the migration writes zero and the count, and what its
// contributors are owed is what it was.
func TestMigrate2to3WritesEarnedAndKeepsWhatIsOwed(t *testing.T) {
	// Arrange: a node that earned since its last settlement, stored as
	// version 2 wrote it.
	f := newFixture(t)
	a, b := testAddr(1), testAddr(2)
	f.newNode(nodeKey(1), 1_000, stake{a, sesh(10_000)}, stake{b, sesh(15_000)})
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(1_000_003)))
	node, err := f.k.Staking.Nodes.Get(f.ctx, keyHex(nodeKey(1)))
	require.NoError(t, err)
	node.Earned = math.Int{}
	require.NoError(t, f.k.Staking.Nodes.Set(f.ctx, node.Pubkey, node))
	owedA, owedB := f.rewards(a).Pending, f.rewards(b).Pending
	require.True(t, owedA.IsPositive() && owedB.IsPositive())
	require.NoError(t, f.register(testAddr(3), nodeKey(2), sesh(6_250), 0, spot(testAddr(4), sesh(4_750)), spot(testAddr(5), sesh(4_750))))
	awaiting, err := f.k.Staking.Nodes.Get(f.ctx, keyHex(nodeKey(2)))
	require.NoError(t, err)
	require.Equal(t, uint32(2), awaiting.ReservedSpots)
	awaiting.ReservedSpots, awaiting.Earned = 0, math.Int{}
	require.NoError(t, f.k.Staking.Nodes.Set(f.ctx, awaiting.Pubkey, awaiting))

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate2to3(f.ctx))

	// Assert
	node, err = f.k.Staking.Nodes.Get(f.ctx, node.Pubkey)
	require.NoError(t, err)
	require.False(t, node.Earned.IsNil())
	require.True(t, node.Earned.IsZero())
	require.Equal(t, owedA.String(), f.rewards(a).Pending.String())
	require.Equal(t, owedB.String(), f.rewards(b).Pending.String())
	awaiting, err = f.k.Staking.Nodes.Get(f.ctx, awaiting.Pubkey)
	require.NoError(t, err)
	require.Equal(t, uint32(2), awaiting.ReservedSpots)
	require.True(t, awaiting.Earned.IsZero())
	// The count goes down as the spots are filled.
	_, err = f.contribute(testAddr(4), nodeKey(2), sesh(4_750))
	require.NoError(t, err)
	awaiting, err = f.k.Staking.Nodes.Get(f.ctx, awaiting.Pubkey)
	require.NoError(t, err)
	require.Equal(t, uint32(1), awaiting.ReservedSpots)
	f.checkConservation()
}

// legacyActiveByIndex is the numbered active set as consensus version 3
// stored it: one record per active node, index → node key in hex.
func (f *fixture) legacyActiveByIndex() collections.Map[uint64, string] {
	f.t.Helper()
	sb := collections.NewSchemaBuilder(f.store)
	m := collections.NewMap(sb, types.ActiveByIndexKey, "active_by_index", collections.Uint64Key, collections.StringValue)
	_, err := sb.Build()
	require.NoError(f.t, err)
	return m
}

// toVersion3ActiveSet rewrites the numbered active set in the layout of
// consensus version 3 and returns the order it had.
func (f *fixture) toVersion3ActiveSet() []string {
	f.t.Helper()
	order := f.activeOrder()
	legacy := f.legacyActiveByIndex()
	for i, pk := range order {
		require.NoError(f.t, legacy.Set(f.ctx, uint64(i), pk))
	}
	require.NoError(f.t, f.k.Liveness.ActivePages.Clear(f.ctx, nil))
	return order
}

// A chain of consensus version 3 numbers its active nodes one record each:
// the migration moves them into pages in the same order, removes the old
// records, and the set works as before: a node leaving swaps the last one
// into its place, and quorums draw from it.
func TestMigrate3to4PagesTheActiveSet(t *testing.T) {
	// Arrange: two full pages and three keys more, one node gone (the last
	// took its place), stored as version 3 stored them.
	f := newFixture(t, withLiveness)
	f.soloNodes(1, 2*liveness.ActivePageSize+4)
	require.NoError(t, f.deregister(nodeKey(5)))
	f.nextBlock(time.Second)
	order := f.toVersion3ActiveSet()
	require.Len(t, order, 2*liveness.ActivePageSize+3)

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate3to4(f.ctx))

	// Assert: the same numbering, in pages, and nothing left of the old.
	require.Equal(t, order, f.activeOrder())
	f.checkLiveness()
	legacy := f.legacyActiveByIndex()
	it, err := legacy.Iterate(f.ctx, nil)
	require.NoError(t, err)
	require.False(t, it.Valid(), "version 3 records left behind")
	require.NoError(t, it.Close())
	// The set works on: node 1 (number 0) leaves, the last takes its place.
	last := order[len(order)-1]
	require.NoError(t, f.deregister(nodeKey(1)))
	require.Equal(t, last, f.activeOrder()[0])
	f.checkLiveness()
	f.endBlock() // fixes the testing period's seed
	res, err := f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: keyHex(nodeKey(2))})
	require.NoError(t, err)
	require.Len(t, res.Quorum.Members, int(types.DefaultQuorumSize))
}

// A version 3 set whose numbers do not run 0..n-1, or whose count is not
// active_count, is not migrated: the upgrade stops rather than number the
// nodes wrongly.
func TestMigrate3to4RefusesABrokenSet(t *testing.T) {
	for name, breakIt := range map[string]func(f *fixture, legacy collections.Map[uint64, string], order []string){
		"a gap in the numbers": func(f *fixture, legacy collections.Map[uint64, string], _ []string) {
			require.NoError(f.t, legacy.Remove(f.ctx, 1))
		},
		"a node more than active_count": func(f *fixture, legacy collections.Map[uint64, string], order []string) {
			require.NoError(f.t, legacy.Set(f.ctx, uint64(len(order)), keyHex(nodeKey(99))))
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, withLiveness)
			f.soloNodes(1, 3)
			order := f.toVersion3ActiveSet()
			breakIt(f, f.legacyActiveByIndex(), order)
			require.Error(t, keeper.NewMigrator(f.k).Migrate3to4(f.ctx))
		})
	}
}

// storedNodes is the nodes' records as stored, raw, for tests that write
// the layout of an older consensus version.
func (f *fixture) storedNodes() collections.Map[string, []byte] {
	f.t.Helper()
	sb := collections.NewSchemaBuilder(f.store)
	m := collections.NewMap(sb, types.NodesKey, "nodes", collections.StringKey, collections.BytesValue)
	_, err := sb.Build()
	require.NoError(f.t, err)
	return m
}

// toVersion4Liveness writes every node as consensus version 4 stored it:
// its liveness record inside the node's record (fields 11 to 15), and no
// record of its own. It returns the records it moved.
func (f *fixture) toVersion4Liveness() map[string]types.LivenessRecord {
	f.t.Helper()
	raw := f.storedNodes()
	moved := map[string]types.LivenessRecord{}
	var kvs []collections.KeyValue[string, []byte]
	it, err := raw.Iterate(f.ctx, nil)
	require.NoError(f.t, err)
	kvs, err = it.KeyValues()
	require.NoError(f.t, err)
	for _, kv := range kvs {
		rec, has, err := f.k.Liveness.Record(f.ctx, kv.Key)
		require.NoError(f.t, err)
		if !has {
			continue
		}
		// Version 4 kept no endpoint nor seed-share duty: the records
		// come back without them (next_share 0 owes from the next share).
		rec.Endpoint = nil
		rec.NextShare = 0
		moved[kv.Key] = rec
		lastProof, creditAt := rec.LastProofAt, rec.CreditAt
		old := types.NodeLivenessV4{
			LastProofAt: &lastProof, Proofs: rec.Proofs, Credit: rec.Credit, CreditAt: &creditAt, DecommissionedAt: rec.DecommissionedAt,
		}
		bz, err := old.Marshal()
		require.NoError(f.t, err)
		// A record is its fields in any order: the node's, then the
		// liveness fields version 4 had.
		require.NoError(f.t, raw.Set(f.ctx, kv.Key, append(append([]byte{}, kv.Value...), bz...)))
		require.NoError(f.t, f.k.Liveness.Records.Remove(f.ctx, kv.Key))
	}
	return moved
}

// A chain of consensus version 4 keeps each node's liveness in the node's
// record: the migration moves it into a record of its own, unchanged, for
// every node that was activated, and rewrites the node without it. The
// nodes then prove, fail and come back as before.
func TestMigrate4to5MovesLivenessBesideTheNode(t *testing.T) {
	// Arrange: an active node that proved, a decommissioned one, an
	// unlocking one and one awaiting contributions, stored as version 4.
	f := newFixture(t, withLiveness, withParams(withShortLiveness))
	f.soloNodes(1, 3)
	f.nextBlock(10 * time.Minute)
	f.prove(nodeKey(1))
	f.prove(nodeKey(3))
	require.NoError(t, f.unlock(testAddr(3), nodeKey(3)))
	f.endBlock()
	f.nextBlock(20 * time.Minute)
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(nodeKey(2)))
	require.NoError(t, f.register(testAddr(4), nodeKey(4), sesh(10_000), 0))
	f.soloNode(nodeKey(5), testAddr(5), 0)
	require.NoError(t, f.deregister(nodeKey(5)))
	nodesBefore := f.allNodes()
	// Version 4 had no exit penalty on the node: the migration fixes the
	// rate in force.
	penalized := nodesBefore[keyHex(nodeKey(5))]
	penalized.ExitPenalty = math.Int{}
	require.NoError(t, f.k.Staking.Nodes.Set(f.ctx, penalized.Pubkey, penalized))
	f.setParams(func(p *types.Params) { p.DeregistrationPenaltyBps = 40 })
	want := nodesBefore[keyHex(nodeKey(5))]
	want.ExitPenalty = sesh(100)
	nodesBefore[keyHex(nodeKey(5))] = want
	moved := f.toVersion4Liveness()
	require.Len(t, moved, 4)
	// Version 4's params had no version 5 fields, and the end of the period
	// was an integer of its own.
	v4Params := f.params()
	v4Params.MaxPrunedPerBlock = 0
	require.NoError(t, f.k.Params.Set(f.ctx, v4Params))
	sb := collections.NewSchemaBuilder(f.store)
	periodEnd := collections.NewItem(sb, types.PeriodEndKey, "period_end", collections.Int64Value)
	_, err := sb.Build()
	require.NoError(t, err)
	require.NoError(t, periodEnd.Set(f.ctx, f.now().UnixNano()))

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate4to5(f.ctx))

	// Assert: the records are back as they were, the nodes unchanged, the
	// params complete.
	require.Equal(t, types.DefaultMaxPrunedPerBlock, f.params().MaxPrunedPerBlock)
	has, err := f.k.Liveness.Clock.Has(f.ctx)
	require.NoError(t, err)
	require.False(t, has, "the old period end is gone; the next block finds the period again")
	for pubkey, rec := range moved {
		got, err := f.k.Liveness.Records.Get(f.ctx, pubkey)
		require.NoError(t, err)
		require.Equal(t, rec, got, "node %s", pubkey)
	}
	_, has, err = f.k.Liveness.Record(f.ctx, keyHex(nodeKey(4)))
	require.NoError(t, err)
	require.False(t, has, "a node that never activated has no liveness record")
	require.Equal(t, nodesBefore, f.allNodes())
	for pubkey := range moved {
		raw, err := f.storedNodes().Get(f.ctx, pubkey)
		require.NoError(t, err)
		var old types.NodeLivenessV4
		require.NoError(t, old.Unmarshal(raw))
		require.Equal(t, types.NodeLivenessV4{}, old, "node %s still holds liveness fields", pubkey)
	}
	f.checkLiveness()
	f.checkConservation()
	// Liveness works on: node 1 proves, node 2 comes back with its proof.
	f.nextBlock(10 * time.Minute)
	f.prove(nodeKey(1))
	require.False(t, f.prove(nodeKey(2)).Decommissioned)
	f.endBlock()
	f.checkLiveness()
}

// Consensus version 3 rewrote every node; a chain that upgrades from
// version 2 runs that migration before 4→5, which must find the liveness
// fields still there.
func TestMigrate2to3KeepsTheLivenessFieldsFor4to5(t *testing.T) {
	f := newFixture(t, withLiveness)
	f.soloNodes(1, 2)
	f.nextBlock(time.Hour)
	f.prove(nodeKey(1))
	moved := f.toVersion4Liveness()

	m := keeper.NewMigrator(f.k)
	require.NoError(t, m.Migrate2to3(f.ctx))
	require.NoError(t, m.Migrate4to5(f.ctx))

	for pubkey, rec := range moved {
		got, err := f.k.Liveness.Records.Get(f.ctx, pubkey)
		require.NoError(t, err)
		require.Equal(t, rec, got, "node %s", pubkey)
	}
	f.checkLiveness()
}

// allNodes returns every node as stored, by key.
func (f *fixture) allNodes() map[string]types.Node {
	f.t.Helper()
	out := map[string]types.Node{}
	require.NoError(f.t, f.k.Staking.Nodes.Walk(f.ctx, nil, func(pubkey string, n types.Node) (bool, error) {
		out[pubkey] = n
		return false, nil
	}))
	return out
}
