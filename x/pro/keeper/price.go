package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// PriceState is the price as it stands at the current block: its health, the
// price in force when healthy, and its inputs.
type PriceState struct {
	types.PriceView
	// Valid is true when the price is healthy: purchases may use Price.
	Valid bool
	// Price in force (the median of the fresh submissions) when Valid, else
	// zero.
	Price math.LegacyDec
	// Reference is the update window's reference price, nil before any
	// price was in force.
	Reference *types.PriceReference
}

// PriceNow returns the SESH/USD price at the current block: the median of
// the named feeders' submissions whose source is younger than
// max_price_age, healthy when at least min_feeders of them exist and the
// median lies within the band and the allowed move from the window's
// reference. The work is bounded by the feeder list (types.MaxFeeders).
func (k Keeper) PriceNow(ctx context.Context) (PriceState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return PriceState{}, err
	}
	return k.priceNow(ctx, params)
}

// priceNow is PriceNow under the params the caller read.
func (k Keeper) priceNow(ctx context.Context, params types.Params) (PriceState, error) {
	var subs []types.PriceSubmission
	err := k.Prices.Walk(ctx, nil, func(_ sdk.AccAddress, p types.PriceSubmission) (bool, error) {
		if params.IsFeeder(p.Feeder) {
			subs = append(subs, p)
		}
		return false, nil
	})
	if err != nil {
		return PriceState{}, err
	}
	ref, err := k.priceReference(ctx)
	if err != nil {
		return PriceState{}, err
	}
	view := types.EvaluatePrice(params, subs, ref, k.now(ctx))
	state := PriceState{PriceView: view, Valid: view.Healthy(), Price: math.LegacyZeroDec(), Reference: ref}
	if state.Valid {
		state.Price = view.Median
	}
	return state, nil
}

// priceReference returns the update window's reference price, or nil.
func (k Keeper) priceReference(ctx context.Context) (*types.PriceReference, error) {
	ref, err := k.PriceReference.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &ref, nil
}

// advanceReference moves the reference price on after a submission, once
// per window (types.NextReference).
func (k Keeper) advanceReference(ctx context.Context, params types.Params) error {
	state, err := k.priceNow(ctx, params)
	if err != nil {
		return err
	}
	next, changed := types.NextReference(params, state.PriceView, state.Reference, k.now(ctx))
	if !changed {
		return nil
	}
	return k.PriceReference.Set(ctx, next)
}

// Err is the registered error a purchase fails with while the price is
// unhealthy, saying why: ErrNoPrice when too few fresh submissions exist,
// ErrPriceUnhealthy when their median is out of the band or moved too far.
// It is nil when the price is healthy.
func (s PriceState) Err() error {
	switch s.Health {
	case types.PRICE_HEALTH_HEALTHY:
		return nil
	case types.PRICE_HEALTH_TOO_FEW_FEEDERS, types.PRICE_HEALTH_STALE:
		return errorsmod.Wrapf(types.ErrNoPrice, "%s; purchases in SESH wait for the feeders", s.Reason)
	default:
		return errorsmod.Wrapf(types.ErrPriceUnhealthy, "%s: %s; purchases in SESH wait until it is healthy", s.Health, s.Reason)
	}
}

// Quote returns the nsesh a plan costs at the price in force, or the error
// that says why the price may not be used.
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
	if err := price.Err(); err != nil {
		return math.Int{}, math.LegacyDec{}, plan, err
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
