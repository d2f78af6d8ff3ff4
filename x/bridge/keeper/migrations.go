package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Migrator holds the store migrations of the bridge module, one per
// consensus version step. The app's upgrade handlers run them through the
// module manager (app/upgrades.go).
type Migrator struct {
	keeper *Keeper
}

// NewMigrator returns the migrations for k.
func NewMigrator(k *Keeper) Migrator { return Migrator{keeper: k} }

// Migrate1to2 moves the bridge to consensus version 2. Version 1 bound
// signatures to the chain id of the current block; version 2 binds them to
// the bridge_name param, fixed with the contract. A configured bridge gets
// the chain id it runs under as its name, so the contract deployed for it
// (whose bridge id hashed that chain id) keeps its id.
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	params, err := m.keeper.Params.Get(ctx)
	if err != nil {
		return err
	}
	if params.Configured() && params.BridgeName == "" {
		params.BridgeName = ctx.ChainID()
	}
	return m.keeper.Params.Set(ctx, params)
}
