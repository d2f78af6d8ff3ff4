package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// MaxProjectionDays bounds the Projection query's work.
const MaxProjectionDays = 3650

type queryServer struct {
	k *Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the module's Query service.
func NewQueryServerImpl(k *Keeper) types.QueryServer {
	return queryServer{k: k}
}

// Params returns the module parameters.
func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	return moduleutil.Respond(ctx, q.k.Params.Get, func(p types.Params) *types.QueryParamsResponse {
		return &types.QueryParamsResponse{Params: p}
	})
}

// Pool returns the balance and the current day's emission state.
func (q queryServer) Pool(ctx context.Context, _ *types.QueryPoolRequest) (*types.QueryPoolResponse, error) {
	state, err := q.k.Emission.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryPoolResponse{Balance: q.k.Balance(ctx), Emission: state}, nil
}

// DailyReward returns the current day's reward and what is left of it.
func (q queryServer) DailyReward(ctx context.Context, _ *types.QueryDailyRewardRequest) (*types.QueryDailyRewardResponse, error) {
	state, err := q.k.Emission.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryDailyRewardResponse{
		Day:       state.Day,
		DayReward: state.DayReward,
		Remaining: state.DayReward.Sub(state.DayEmitted),
	}, nil
}

// Totals returns the inflow totals by source and the emission totals.
func (q queryServer) Totals(ctx context.Context, _ *types.QueryTotalsRequest) (*types.QueryTotalsResponse, error) {
	inflows, err := q.k.InflowTotals(ctx)
	if err != nil {
		return nil, err
	}
	sum := math.ZeroInt()
	for _, in := range inflows {
		sum = sum.Add(in.Amount)
	}
	emitted, err := q.k.TotalEmitted.Get(ctx)
	if err != nil {
		return nil, err
	}
	retained, err := q.k.TotalRetained.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryTotalsResponse{
		Inflows:       inflows,
		TotalInflow:   sum,
		TotalEmitted:  emitted,
		TotalRetained: retained,
	}, nil
}

// Projection projects balance and daily reward from the current state.
func (q queryServer) Projection(ctx context.Context, req *types.QueryProjectionRequest) (*types.QueryProjectionResponse, error) {
	if req == nil || req.Days == 0 || req.Days > MaxProjectionDays {
		days := uint32(0)
		if req != nil {
			days = req.Days
		}
		return nil, errorsmod.Wrapf(types.ErrInvalidRequest, "days must lie between 1 and %d, got %d", MaxProjectionDays, days)
	}
	inflow := math.ZeroInt()
	if req.DailyInflow != "" {
		var ok bool
		inflow, ok = math.NewIntFromString(req.DailyInflow)
		if !ok || inflow.IsNegative() {
			return nil, errorsmod.Wrapf(types.ErrInvalidRequest, "daily_inflow must be a whole non-negative number of nsesh, got %q", req.DailyInflow)
		}
	}
	state, err := q.k.Emission.Get(ctx)
	if err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	days, total, final := types.Project(state, q.k.Balance(ctx), params.AnnualRate, req.Days, inflow)
	return &types.QueryProjectionResponse{Days: days, TotalReward: total, FinalBalance: final}, nil
}
