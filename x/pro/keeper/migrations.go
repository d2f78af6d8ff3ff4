package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Migrator holds the store migrations of the pro module, one per consensus
// version step. The app's upgrade handlers run them through the module
// manager (app/upgrades.go).
type Migrator struct {
	keeper *Keeper
}

// NewMigrator returns the migrations for k.
func NewMigrator(k *Keeper) Migrator { return Migrator{keeper: k} }

// Migrate1to2 builds the expiry-ordered index of active subscriptions and
// their count (consensus version 2) from the subscriptions in the store,
// and creates the protocol_liquidity module account if no purchase has
// created it yet: purchases now pay the liquidity share to its address
// directly.
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	m.keeper.accountKeeper.GetModuleAccount(ctx, types.LiquidityAccount)
	return m.keeper.RebuildActive(ctx)
}

// Migrate2to3 creates the pro module account, into which purchases now pay
// (consensus version 3), and records every purchase so far as swept: each
// of them paid the pool and protocol_liquidity directly.
func (m Migrator) Migrate2to3(ctx sdk.Context) error {
	m.keeper.accountKeeper.GetModuleAccount(ctx, types.ModuleName)
	revenue, err := m.keeper.Revenue.Get(ctx)
	if err != nil {
		return err
	}
	return m.keeper.Swept.Set(ctx, revenue)
}

// Migrate3to4 locks the protocol-owned liquidity (consensus version 4): a
// chain upgraded from version 3 had no lock, and does not know its genesis
// time, so the lock runs five years from the upgrade, which is at least five
// years from launch.
func (m Migrator) Migrate3to4(ctx sdk.Context) error {
	params, err := m.keeper.Params.Get(ctx)
	if err != nil {
		return err
	}
	if !params.LiquidityLockedUntil.IsZero() {
		return nil
	}
	params.LiquidityLockedUntil = types.DefaultLiquidityLock(m.keeper.now(ctx))
	return m.keeper.Params.Set(ctx, params)
}
