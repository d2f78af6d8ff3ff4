package keeper

import (
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
