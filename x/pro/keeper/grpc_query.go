package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

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

// Subscription returns a Session account's Pro status.
func (q queryServer) Subscription(ctx context.Context, req *types.QuerySubscriptionRequest) (*types.QuerySubscriptionResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	key, err := types.ParseSessionKey(req.SessionPubkey)
	if err != nil {
		return nil, err
	}
	sub, err := q.k.Subscriptions.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return &types.QuerySubscriptionResponse{Active: false, Subscription: types.Subscription{SessionPubkey: key}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &types.QuerySubscriptionResponse{Active: sub.Expiry.After(q.k.now(ctx)), Subscription: sub}, nil
}

// Quote returns what a plan costs now.
func (q queryServer) Quote(ctx context.Context, req *types.QueryQuoteRequest) (*types.QueryQuoteResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	amount, price, plan, err := q.k.Quote(ctx, req.PlanId)
	if err != nil {
		return nil, err
	}
	return &types.QueryQuoteResponse{Amount: amount, Price: price, Plan: plan}, nil
}

// Plans returns the plans on sale.
func (q queryServer) Plans(ctx context.Context, _ *types.QueryPlansRequest) (*types.QueryPlansResponse, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryPlansResponse{Plans: params.Plans}, nil
}

// Revenue returns the revenue totals and the liquidity balance.
func (q queryServer) Revenue(ctx context.Context, _ *types.QueryRevenueRequest) (*types.QueryRevenueResponse, error) {
	revenue, err := q.k.Revenue.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryRevenueResponse{Revenue: revenue, LiquidityBalance: q.k.LiquidityBalance(ctx).Amount}, nil
}

// Revocations lists the revoked receipts.
func (q queryServer) Revocations(ctx context.Context, req *types.QueryRevocationsRequest) (*types.QueryRevocationsResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	receipts, page, err := query.CollectionPaginate[collections.Pair[sdk.AccAddress, string], collections.NoValue](ctx, q.k.Revoked, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, string], _ collections.NoValue) (types.Receipt, error) {
			return q.k.Receipts.Get(ctx, key)
		})
	if err != nil {
		return nil, err
	}
	return &types.QueryRevocationsResponse{Receipts: receipts, Pagination: page}, nil
}
