package keeper

import (
	"context"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Sweep moves what the block's purchases paid into the module account on:
// their pool parts into the reward pool as one Pro inflow, their liquidity
// parts to protocol_liquidity (revenue.Ledger.Sweep). A block without
// purchases reads two items and writes nothing; a sweep that fails is
// logged, writes nothing and is tried again at the next block.
func (k Keeper) Sweep(ctx context.Context) error {
	return k.ledger.Sweep(ctx)
}

// revenueParts gives the pool and liquidity parts of Pro's revenue totals.
func revenueParts(r *types.Revenue) (toPool, toLiquidity *math.Int) {
	return &r.ToPool, &r.ToLiquidity
}
