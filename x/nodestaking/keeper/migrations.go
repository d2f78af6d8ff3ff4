package keeper

import (
	"context"

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

// Migrate1to2 moves the store to consensus version 2: it creates the
// module account if no stake has yet (version 2 sends stakes to its address
// directly, where version 1 created it with the first stake), and counts
// each node's unfilled reserved spots into the node (version 2 reads the
// reserved spots only of nodes that have some).
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	m.keeper.accountKeeper.GetModuleAccount(ctx, types.ModuleName)
	return m.keeper.countReservedSpots(ctx)
}

// countReservedSpots sets every node's reserved_spots to the number of its
// entries in Reserved.
func (k Keeper) countReservedSpots(ctx context.Context) error {
	counts := map[string]uint32{}
	var order []string
	err := k.Reserved.Walk(ctx, nil, func(key collections.Pair[string, sdk.AccAddress], _ math.Int) (bool, error) {
		if counts[key.K1()] == 0 {
			order = append(order, key.K1())
		}
		counts[key.K1()]++
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, pubkey := range order {
		node, err := k.Nodes.Get(ctx, pubkey)
		if err != nil {
			return err
		}
		node.ReservedSpots = counts[pubkey]
		if err := k.Nodes.Set(ctx, pubkey, node); err != nil {
			return err
		}
	}
	return nil
}
