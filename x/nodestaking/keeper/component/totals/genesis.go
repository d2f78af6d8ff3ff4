package totals

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// InitGenesis loads the counters of a validated genesis. A genesis without
// totals_start (a new chain) starts them at its first block, with the
// total claimed so far as claimed before.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	for _, rec := range gs.AddressTotals {
		addr, err := k.env.AddressCodec.StringToBytes(rec.Address)
		if err != nil {
			return err
		}
		if err := k.ByAddress.Set(ctx, addr, rec.Totals); err != nil {
			return err
		}
	}
	if gs.TotalsStart == nil {
		return k.Begin(ctx, gs.TotalClaimed)
	}
	return k.Start.Set(ctx, *gs.TotalsStart)
}

// ExportGenesis writes the counters into gs, in address order.
func (k *Keeper) ExportGenesis(ctx context.Context, gs *types.GenesisState) error {
	gs.AddressTotals = []types.AddressTotalsRecord{}
	err := k.ByAddress.Walk(ctx, nil, func(addr sdk.AccAddress, t types.AddressTotals) (bool, error) {
		s, err := k.env.AddressCodec.BytesToString(addr)
		gs.AddressTotals = append(gs.AddressTotals, types.AddressTotalsRecord{Address: s, Totals: t})
		return false, err
	})
	if err != nil {
		return err
	}
	start, err := k.Start.Get(ctx)
	if err != nil {
		return err
	}
	gs.TotalsStart = &start
	return nil
}

// Check verifies the counters against the network's claimed total: the
// claims they count are everything claimed since they began.
func (k *Keeper) Check(ctx context.Context, totalClaimed math.Int) error {
	sum, err := k.Sum(ctx)
	if err != nil {
		return err
	}
	start, err := k.Start.Get(ctx)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		// A state before version 6: no counter yet.
		if !sum.Equal(types.ZeroAddressTotals()) {
			return fmt.Errorf("nodestaking: address counters hold %s claimed, %s returned, %s penalties with no totals_start",
				sum.RewardsClaimed, sum.StakesReturned, sum.PenaltiesPaid)
		}
		return nil
	case err != nil:
		return err
	}
	if want := totalClaimed.Sub(start.ClaimedBefore); !sum.RewardsClaimed.Equal(want) {
		return fmt.Errorf("nodestaking: the addresses' counters hold %s claimed; total_claimed %s less %s claimed before they began is %s",
			sum.RewardsClaimed, totalClaimed, start.ClaimedBefore, want)
	}
	return nil
}
