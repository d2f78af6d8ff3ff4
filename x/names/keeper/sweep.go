package keeper

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/branch"
	"github.com/sessiontoken/sessionchain/x/names/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// Sweep moves what the block's fees paid into the module account on: their
// pool parts into the reward pool as one names inflow, their liquidity
// parts to protocol_liquidity, so that after every block the pool holds
// every fee's pool part and protocol_liquidity its liquidity part. A block
// without fees reads two items and writes nothing.
//
// EndBlock must not fail on state users create: should a transfer fail,
// nothing of the sweep is written, the error is logged and the next block
// tries again with its own fees added.
func (k Keeper) Sweep(ctx context.Context) error {
	revenue, err := k.Revenue.Get(ctx)
	if err != nil {
		return err
	}
	swept, err := k.Swept.Get(ctx)
	if err != nil {
		return err
	}
	toPool, toLiquidity := revenue.ToPool.Sub(swept.ToPool), revenue.ToLiquidity.Sub(swept.ToLiquidity)
	if toPool.IsZero() && toLiquidity.IsZero() {
		return nil
	}
	if err := branch.Run(ctx, func(ctx context.Context) error { return k.sweep(ctx, toPool, toLiquidity) }); err != nil {
		k.logger.Error("the block's names revenue stays in the names module account until a later block",
			"to_pool", toPool, "to_liquidity", toLiquidity, "err", err)
		return nil
	}
	return k.Swept.Set(ctx, revenue)
}

func (k Keeper) sweep(ctx context.Context, toPool, toLiquidity math.Int) error {
	if toPool.IsPositive() {
		if err := k.rewardPool.FundFromModule(ctx, types.ModuleName, toPool, rewardpooltypes.SourceNames); err != nil {
			return err
		}
	}
	if toLiquidity.IsPositive() {
		return k.bankKeeper.SendCoins(ctx, k.moduleAddr, k.liquidityAddr, sdk.NewCoins(sdk.NewCoin(types.Denom, toLiquidity)))
	}
	return nil
}
