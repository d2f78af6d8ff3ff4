package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// PriceState is the price in force with its inputs.
type PriceState struct {
	Valid bool
	Price math.LegacyDec
	Fresh []types.PriceSubmission
	Stale []types.PriceSubmission
}

// PriceNow returns the SESH/USD price in force: the median of the current
// feeders' submissions younger than max_price_age, valid when there are at
// least min_feeders of them. Submissions of feeders no longer named are
// ignored. The work is bounded by the number of feeders.
func (k Keeper) PriceNow(ctx context.Context) (PriceState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return PriceState{}, err
	}
	return k.priceNow(ctx, params)
}

// priceNow is PriceNow under the params the caller read.
func (k Keeper) priceNow(ctx context.Context, params types.Params) (PriceState, error) {
	now := k.now(ctx)
	state := PriceState{Price: math.LegacyZeroDec(), Fresh: []types.PriceSubmission{}, Stale: []types.PriceSubmission{}}
	err := k.Prices.Walk(ctx, nil, func(_ sdk.AccAddress, p types.PriceSubmission) (bool, error) {
		if !params.IsFeeder(p.Feeder) {
			return false, nil
		}
		if now.Sub(p.SubmittedAt) < params.MaxPriceAge {
			state.Fresh = append(state.Fresh, p)
		} else {
			state.Stale = append(state.Stale, p)
		}
		return false, nil
	})
	if err != nil {
		return PriceState{}, err
	}
	// #nosec G115 -- the count is bounded by the feeder list.
	if len(state.Fresh) == 0 || uint32(len(state.Fresh)) < params.MinFeeders {
		return state, nil
	}
	prices := make([]math.LegacyDec, len(state.Fresh))
	for i, p := range state.Fresh {
		prices[i] = p.Price
	}
	state.Valid = true
	state.Price = types.Median(prices)
	return state, nil
}

// Quote returns the nsesh a plan costs at the price in force, or ErrNoPrice.
func (k Keeper) Quote(ctx context.Context, planID uint32) (math.Int, math.LegacyDec, types.Plan, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return math.Int{}, math.LegacyDec{}, types.Plan{}, err
	}
	return k.quote(ctx, params, planID)
}

// quote is Quote under the params the caller read.
func (k Keeper) quote(ctx context.Context, params types.Params, planID uint32) (math.Int, math.LegacyDec, types.Plan, error) {
	plan, err := params.Plan(planID)
	if err != nil {
		return math.Int{}, math.LegacyDec{}, types.Plan{}, err
	}
	price, err := k.priceNow(ctx, params)
	if err != nil {
		return math.Int{}, math.LegacyDec{}, types.Plan{}, err
	}
	if !price.Valid {
		return math.Int{}, math.LegacyDec{}, plan, errorsmod.Wrapf(types.ErrNoPrice,
			"%d fresh submissions, %d needed; purchases in SESH wait for the feeders", len(price.Fresh), params.MinFeeders)
	}
	return types.QuoteNsesh(plan.PriceUsd, price.Price), price.Price, plan, nil
}

// QuoteUSD returns the nsesh that pay microUSD at the price in force,
// rounded up to the nsesh as a plan's price is (types.QuoteNsesh), and
// that price; ErrNoPrice when there is none. Other modules that price in
// USD (x/names) take the SESH price through it alone.
func (k Keeper) QuoteUSD(ctx context.Context, microUSD uint64) (math.Int, math.LegacyDec, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return math.Int{}, math.LegacyDec{}, err
	}
	price, err := k.priceNow(ctx, params)
	if err != nil {
		return math.Int{}, math.LegacyDec{}, err
	}
	if !price.Valid {
		return math.Int{}, math.LegacyDec{}, errorsmod.Wrapf(types.ErrNoPrice,
			"%d fresh submissions, %d needed; purchases in SESH wait for the feeders", len(price.Fresh), params.MinFeeders)
	}
	return types.QuoteNsesh(microUSD, price.Price), price.Price, nil
}
