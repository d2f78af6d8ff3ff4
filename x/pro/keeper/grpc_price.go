package keeper

import (
	"context"
	"time"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Price returns the price in force, its health and its inputs with their ages.
func (q queryServer) Price(ctx context.Context, _ *types.QueryPriceRequest) (*types.QueryPriceResponse, error) {
	state, err := q.k.PriceNow(ctx)
	if err != nil {
		return nil, err
	}
	now := q.k.now(ctx)
	res := &types.QueryPriceResponse{
		Valid: state.Valid, Price: state.Price, Fresh: state.Fresh, Stale: state.Stale,
		OldestFresh: oldestSource(state.Fresh),
		Health:      state.Health, Reason: state.Reason, Median: state.Median, Reference: state.Reference,
		Lowest: state.Lowest, Highest: state.Highest, BlockTime: now,
		Inputs: make([]types.PriceInput, 0, len(state.Fresh)+len(state.Stale)),
	}
	res.Inputs = appendInputs(res.Inputs, state.Fresh, true, now)
	res.Inputs = appendInputs(res.Inputs, state.Stale, false, now)
	return res, nil
}

// PriceHealth says whether purchases may use the price, or why not.
func (q queryServer) PriceHealth(ctx context.Context, _ *types.QueryPriceHealthRequest) (*types.QueryPriceHealthResponse, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	state, err := q.k.priceNow(ctx, params)
	if err != nil {
		return nil, err
	}
	return &types.QueryPriceHealthResponse{
		Healthy: state.Valid, Health: state.Health, Reason: state.Reason,
		FreshFeeders: uint32(len(state.Fresh)), //nolint:gosec // bounded by MaxFeeders
		MinFeeders:   params.MinFeeders, OldestFreshSource: oldestSource(state.Fresh), BlockTime: q.k.now(ctx),
	}, nil
}

// appendInputs adds subs to inputs with their ages at now.
func appendInputs(inputs []types.PriceInput, subs []types.PriceSubmission, fresh bool, now time.Time) []types.PriceInput {
	for _, p := range subs {
		inputs = append(inputs, types.PriceInput{
			Feeder: p.Feeder, Price: p.Price, SourceTime: p.SourceTime, SubmittedAt: p.SubmittedAt,
			Age: now.Sub(p.SourceTime), Fresh: fresh,
		})
	}
	return inputs
}

// oldestSource returns the earliest source time of subs, or nil.
func oldestSource(subs []types.PriceSubmission) *time.Time {
	var oldest *time.Time
	for _, p := range subs {
		if oldest == nil || p.SourceTime.Before(*oldest) {
			t := p.SourceTime
			oldest = &t
		}
	}
	return oldest
}
