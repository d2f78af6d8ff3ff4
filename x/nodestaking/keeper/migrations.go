package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/liveness"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Migrator holds the store migrations of the nodestaking module, one per
// consensus version step. The app's upgrade handlers run them through the
// module manager (app/upgrades.go).
type Migrator struct {
	keeper *Keeper
}

// NewMigrator returns the migrations for k.
func NewMigrator(k *Keeper) Migrator { return Migrator{keeper: k} }

// storedNodes returns the nodes' records as stored, raw, keyed by node key:
// a migration reads fields that the Node of this version no longer has and
// rewrites the records without going through the status index (no
// migration changes a status).
func (m Migrator) storedNodes(ctx sdk.Context) (collections.Map[string, []byte], []collections.KeyValue[string, []byte], error) {
	sb := collections.NewSchemaBuilder(m.keeper.env.StoreService)
	raw := collections.NewMap(sb, types.NodesKey, "nodes", collections.StringKey, collections.BytesValue)
	if _, err := sb.Build(); err != nil {
		return raw, nil, err
	}
	it, err := raw.Iterate(ctx, nil)
	if err != nil {
		return raw, nil, err
	}
	defer it.Close()
	kvs, err := it.KeyValues()
	return raw, kvs, err
}

// decodeV4 reads a stored node record of a version before 5, whose
// liveness fields stood in the node record itself.
func decodeV4(kv collections.KeyValue[string, []byte]) (types.Node, types.NodeLivenessV4, error) {
	var node types.Node
	var live types.NodeLivenessV4
	if err := node.Unmarshal(kv.Value); err != nil {
		return node, live, fmt.Errorf("node %s: %w", kv.Key, err)
	}
	if err := live.Unmarshal(kv.Value); err != nil {
		return node, live, fmt.Errorf("node %s: %w", kv.Key, err)
	}
	return node, live, nil
}

// Migrate1to2 creates the module account if no stake has created it yet
// (consensus version 2 sends stakes to its address directly, where version
// 1 created the account with the first stake).
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	m.keeper.accountKeeper.GetModuleAccount(ctx, types.ModuleName)
	return nil
}

// Migrate2to3 moves to per-contributor claims (consensus version 3): a
// node records what it earned (Node.Earned) and each contributor what it
// took of it (RewardsTaken), where version 2 credited every contributor at
// every settlement. Every reward settled before is already credited, so
// each node starts with nothing earned since its last settlement and no
// contributor has taken anything; what earning nodes earned since is split
// the new way. Nodes are written with earned = 0 and the count of their
// unfilled reserved spots (Node.reserved_spots, also new). The liveness
// fields nodes had then (moved out in version 5) are written back as they
// were, for Migrate4to5.
func (m Migrator) Migrate2to3(ctx sdk.Context) error {
	raw, kvs, err := m.storedNodes(ctx)
	if err != nil {
		return err
	}
	// Written after the walk: no store writes while its iterator is open.
	for _, kv := range kvs {
		node, live, err := decodeV4(kv)
		if err != nil {
			return err
		}
		node.Earned = math.ZeroInt()
		spots, err := m.keeper.Staking.CountReserved(ctx, node.Pubkey)
		if err != nil {
			return err
		}
		node.ReservedSpots = spots
		bz, err := node.Marshal()
		if err != nil {
			return err
		}
		// A record is its fields in any order: the liveness fields follow.
		liveBz, err := live.Marshal()
		if err != nil {
			return err
		}
		if err := raw.Set(ctx, kv.Key, append(bz, liveBz...)); err != nil {
			return err
		}
	}
	return nil
}

// Migrate3to4 moves the numbered active set into pages (consensus version
// 4): version 3 kept one record per active node under ActiveByIndexKey
// (index → node key in hex); version 4 keeps ActivePageSize raw keys to a
// record (ActivePages), so that a quorum's draws read few records. The
// numbering is unchanged; ActiveIndexOf and ActiveCount stay as they are.
func (m Migrator) Migrate3to4(ctx sdk.Context) error {
	sb := collections.NewSchemaBuilder(m.keeper.env.StoreService)
	byIndex := collections.NewMap(sb, types.ActiveByIndexKey, "active_by_index", collections.Uint64Key, collections.StringValue)
	if _, err := sb.Build(); err != nil {
		return err
	}
	var order []string
	err := byIndex.Walk(ctx, nil, func(idx uint64, pubkey string) (bool, error) {
		if idx != uint64(len(order)) {
			return true, fmt.Errorf("active set: index %d follows %d", idx, len(order))
		}
		order = append(order, pubkey)
		return false, nil
	})
	if err != nil {
		return err
	}
	if n, err := m.keeper.Liveness.ActiveNodes(ctx); err != nil {
		return err
	} else if n != uint64(len(order)) {
		return fmt.Errorf("active set: %d numbered nodes, active_count %d", len(order), n)
	}
	// Written after the walk: no store writes while its iterator is open.
	for i := range order {
		if err := byIndex.Remove(ctx, uint64(i)); err != nil {
			return err
		}
	}
	for start := 0; start < len(order); start += liveness.ActivePageSize {
		end := min(start+liveness.ActivePageSize, len(order))
		page := make([]byte, 0, (end-start)*types.PubkeySize)
		for _, pubkey := range order[start:end] {
			raw, err := liveness.RawKey(pubkey)
			if err != nil {
				return err
			}
			page = append(page, raw...)
		}
		if err := m.keeper.Liveness.ActivePages.Set(ctx, uint64(start/liveness.ActivePageSize), page); err != nil {
			return err
		}
	}
	return nil
}

// Migrate4to5 moves each node's liveness out of its record (consensus
// version 5): Node fields 11 to 15 (last proof, proofs, credit, credit time,
// decommission time) become the node's LivenessRecord, kept beside it, for
// every node that was activated; the node is rewritten without them. A node
// that never activated has none. A deregistered node's penalty, which
// version 5 fixes at deregistration (Node.exit_penalty), is fixed at the
// rate in force at the upgrade: the rate of its deregistration is not
// recorded anywhere, and the one of the upgrade is what version 4 would
// have taken at its exit.
//
// The params gain the fields of version 5, at their defaults
// (types.Params.WithVersion5Defaults), and the end of the testing period,
// which version 5 keeps in a PeriodClock, is deleted: the next block finds
// the period again and looks for past periods' records to delete.
func (m Migrator) Migrate4to5(ctx sdk.Context) error {
	params, err := m.keeper.env.GetParams(ctx)
	if err != nil {
		return err
	}
	params = params.WithVersion5Defaults()
	// Validated as the version the binary runs: the 5→6 migration that
	// follows adds the fields of version 6.
	if err := params.WithVersion6Defaults().Validate(); err != nil {
		return fmt.Errorf("the params after the migration: %w", err)
	}
	if err := m.keeper.Params.Set(ctx, params); err != nil {
		return err
	}
	sb := collections.NewSchemaBuilder(m.keeper.env.StoreService)
	periodEnd := collections.NewItem(sb, types.PeriodEndKey, "period_end", collections.Int64Value)
	if _, err := sb.Build(); err != nil {
		return err
	}
	if err := periodEnd.Remove(ctx); err != nil {
		return err
	}
	raw, kvs, err := m.storedNodes(ctx)
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		node, live, err := decodeV4(kv)
		if err != nil {
			return err
		}
		if node.ActivatedAt != nil {
			rec := types.LivenessRecord{
				LastProofAt:      *node.ActivatedAt,
				Proofs:           live.Proofs,
				Credit:           live.Credit,
				CreditAt:         *node.ActivatedAt,
				DecommissionedAt: live.DecommissionedAt,
			}
			if live.LastProofAt != nil {
				rec.LastProofAt = *live.LastProofAt
			}
			if live.CreditAt != nil {
				rec.CreditAt = *live.CreditAt
			}
			if err := m.keeper.Liveness.Records.Set(ctx, node.Pubkey, rec); err != nil {
				return err
			}
		}
		node.ExitPenalty = math.ZeroInt()
		if node.Status == types.NODE_STATUS_DEREGISTERED {
			node.ExitPenalty = types.MulBps(node.TotalStaked, params.DeregistrationPenaltyBps)
		}
		bz, err := node.Marshal()
		if err != nil {
			return err
		}
		if err := raw.Set(ctx, kv.Key, bz); err != nil {
			return err
		}
	}
	return nil
}
