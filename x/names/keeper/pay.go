package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// counter names the revenue count a payment adds to.
type counter func(*types.Revenue) *uint64

var (
	registrations counter = func(r *types.Revenue) *uint64 { return &r.Registrations }
	renewals      counter = func(r *types.Revenue) *uint64 { return &r.Renewals }
	transfers     counter = func(r *types.Revenue) *uint64 { return &r.Transfers }
	sales         counter = func(r *types.Revenue) *uint64 { return &r.Sales }
)

// quote returns the nsesh that pay microUSD at x/pro's price in force,
// refusing more than limit (the message's slippage guard). With no valid
// price it returns x/pro's ErrNoPrice: nothing is sold.
func (k Keeper) quote(ctx context.Context, microUSD uint64, limit math.Int, what string) (math.Int, error) {
	cost, _, err := k.prices.QuoteUSD(ctx, microUSD)
	if err != nil {
		return math.Int{}, err
	}
	if cost.GT(limit) {
		return math.Int{}, errorsmod.Wrapf(types.ErrSlippage, "%s costs %snsesh now (%d micro-USD), the most given is %snsesh",
			what, cost, microUSD, limit)
	}
	return cost, nil
}

// TransferFee returns what a transfer costs now under params: zero when
// transfers are free, else the transfer fee at x/pro's price in force
// (ErrNoPrice without one).
func (k Keeper) TransferFee(ctx context.Context, params types.Params) (math.Int, error) {
	if params.TransferFeeUsd == 0 {
		return math.ZeroInt(), nil
	}
	fee, _, err := k.prices.QuoteUSD(ctx, params.TransferFeeUsd)
	return fee, err
}

// pay takes a fee from payer into the module account in one transfer and
// adds it, split exactly under the pool share of the params the caller
// read, to the revenue totals, counting it under count. EndBlock moves the
// block's parts on (Sweep). A zero amount moves nothing but is counted.
func (k Keeper) pay(ctx context.Context, params types.Params, payer sdk.AccAddress, amount math.Int, count counter,
) (toPool, toLiquidity math.Int, err error) {
	toPool, toLiquidity = protypes.Split(amount, params.PoolShareBps)
	if amount.IsPositive() {
		if err := k.bankKeeper.SendCoins(ctx, payer, k.moduleAddr, sdk.NewCoins(sdk.NewCoin(types.Denom, amount))); err != nil {
			return math.Int{}, math.Int{}, err
		}
	}
	revenue, err := k.Revenue.Get(ctx)
	if err != nil {
		return math.Int{}, math.Int{}, err
	}
	revenue.ToPool = revenue.ToPool.Add(toPool)
	revenue.ToLiquidity = revenue.ToLiquidity.Add(toLiquidity)
	*count(&revenue)++
	return toPool, toLiquidity, k.Revenue.Set(ctx, revenue)
}
