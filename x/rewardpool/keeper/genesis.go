package keeper

import (
	"context"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// InitGenesis loads the module state. On a new chain (no emission state) it
// records the module account's genesis balance as the "genesis" inflow and
// starts day 1 at genesis time from that balance.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	// Creates the module account if genesis only gave its address a balance.
	k.accountKeeper.GetModuleAccount(ctx, types.PoolAccount)

	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, in := range gs.Inflows {
		if err := k.Inflows.Set(ctx, in.Source, in.Amount); err != nil {
			return err
		}
	}
	if err := k.TotalEmitted.Set(ctx, gs.TotalEmitted); err != nil {
		return err
	}
	if err := k.TotalRetained.Set(ctx, gs.TotalRetained); err != nil {
		return err
	}
	if gs.EmissionState != nil {
		return k.Emission.Set(ctx, *gs.EmissionState)
	}

	if balance := k.Balance(ctx); balance.IsPositive() {
		if err := k.Inflows.Set(ctx, types.SourceGenesis, balance); err != nil {
			return err
		}
	}
	state, err := k.startDay(ctx, 1, k.headerService.GetHeaderInfo(ctx).Time, gs.Params)
	if err != nil {
		return err
	}
	return k.Emission.Set(ctx, state)
}

// ExportGenesis returns the module state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	state, err := k.Emission.Get(ctx)
	if err != nil {
		return nil, err
	}
	inflows, err := k.InflowTotals(ctx)
	if err != nil {
		return nil, err
	}
	emitted, err := k.TotalEmitted.Get(ctx)
	if err != nil {
		return nil, err
	}
	retained, err := k.TotalRetained.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.GenesisState{
		Params:        params,
		EmissionState: &state,
		Inflows:       inflows,
		TotalEmitted:  emitted,
		TotalRetained: retained,
	}, nil
}

// InflowTotals returns the inflow totals, sorted by source.
func (k Keeper) InflowTotals(ctx context.Context) ([]types.SourceAmount, error) {
	out := []types.SourceAmount{}
	err := k.Inflows.Walk(ctx, nil, func(source string, amount math.Int) (bool, error) {
		out = append(out, types.SourceAmount{Source: source, Amount: amount})
		return false, nil
	})
	return out, err
}
