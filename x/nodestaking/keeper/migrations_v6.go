package keeper

import (
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Migrate5to6 migrates the store from consensus version 5 to 6.
//
// The params gain proof_block_window at its default
// (types.Params.WithVersion6Defaults). Nothing else is written for the
// proofs: the app hashes proofs sign are recorded from the next block on,
// and every node's endpoint stays empty until its next proof registers one.
//
// The per-address lifetime counters (component/totals) begin here, at zero:
// no claim, returned stake or penalty before left a per-address record to
// derive them from. The start records this block and the total claimed so
// far, which the counters do not include.
func (m Migrator) Migrate5to6(ctx sdk.Context) error {
	params, err := m.keeper.env.GetParams(ctx)
	if err != nil {
		return err
	}
	params = params.WithVersion6Defaults()
	if err := params.Validate(); err != nil {
		return fmt.Errorf("the params after the migration: %w", err)
	}
	if err := m.keeper.Params.Set(ctx, params); err != nil {
		return err
	}
	claimed, err := m.keeper.Rewards.TotalClaimed.Get(ctx)
	if err != nil {
		return err
	}
	return m.keeper.Totals.Begin(ctx, claimed)
}
