package keeper

import (
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
