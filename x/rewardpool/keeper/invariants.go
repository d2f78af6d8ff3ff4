package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/math"
)

// CheckConservation verifies the pool's conservation invariant
// (docs/architecture.md, Invariants): everything that flowed in, less
// everything paid out, is the balance. Retained emission never left the
// pool, so it is not subtracted. Simulations and tests call it after every
// block.
func (k Keeper) CheckConservation(ctx context.Context) error {
	inflows, err := k.InflowTotals(ctx)
	if err != nil {
		return err
	}
	in := math.ZeroInt()
	for _, s := range inflows {
		in = in.Add(s.Amount)
	}
	emitted, err := k.TotalEmitted.Get(ctx)
	if err != nil {
		return err
	}
	if balance := k.Balance(ctx); !in.Sub(emitted).Equal(balance) {
		return fmt.Errorf("rewardpool conservation broken: inflows %s - emitted %s != balance %s", in, emitted, balance)
	}
	return nil
}
