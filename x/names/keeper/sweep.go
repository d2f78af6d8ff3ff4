package keeper

import (
	"context"

	sdkmath "cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// Sweep moves what the block's fees paid into the module account on: their
// pool parts into the reward pool as one names inflow, their liquidity parts
// to protocol_liquidity, exactly as x/pro sweeps its purchases
// (revenue.Ledger.Sweep). A block without fees reads two items and writes
// nothing; a sweep that fails is logged, writes nothing and is tried again
// at the next block.
func (k Keeper) Sweep(ctx context.Context) error {
	return k.ledger.Sweep(ctx)
}

// revenueParts gives the pool and liquidity parts of the revenue totals.
func revenueParts(r *types.Revenue) (toPool, toLiquidity *sdkmath.Int) {
	return &r.ToPool, &r.ToLiquidity
}
