package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

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
// unfilled reserved spots (Node.reserved_spots, also new).
func (m Migrator) Migrate2to3(ctx sdk.Context) error {
	var nodes []types.Node
	err := m.keeper.Nodes.Walk(ctx, nil, func(_ string, node types.Node) (bool, error) {
		nodes = append(nodes, node)
		return false, nil
	})
	if err != nil {
		return err
	}
	// Written after the walk: no store writes while its iterator is open.
	for _, node := range nodes {
		node.Earned = math.ZeroInt()
		spots, err := m.keeper.countReserved(ctx, node.Pubkey)
		if err != nil {
			return err
		}
		node.ReservedSpots = spots
		if err := m.keeper.Nodes.Set(ctx, node.Pubkey, node); err != nil {
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
	sb := collections.NewSchemaBuilder(m.keeper.storeService)
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
	if n, err := m.keeper.activeCount(ctx); err != nil {
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
	for start := 0; start < len(order); start += ActivePageSize {
		end := min(start+ActivePageSize, len(order))
		page := make([]byte, 0, (end-start)*types.PubkeySize)
		for _, pubkey := range order[start:end] {
			raw, err := rawKey(pubkey)
			if err != nil {
				return err
			}
			page = append(page, raw...)
		}
		if err := m.keeper.ActivePages.Set(ctx, uint64(start/ActivePageSize), page); err != nil {
			return err
		}
	}
	return nil
}
