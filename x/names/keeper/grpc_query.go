package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/names/types"
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

// Resolve returns a name's record, status and listing.
func (q queryServer) Resolve(ctx context.Context, req *types.QueryResolveRequest) (*types.QueryResolveResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	hash, hashHex, err := types.ParseNameHash(req.NameHash)
	if err != nil {
		return nil, err
	}
	rec, err := q.k.record(ctx, hash, hashHex)
	if err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryResolveResponse{
		Record: withoutListing(rec), Status: params.StatusAt(rec.Expiry, q.k.now(ctx)), Listing: rec.Listing,
	}, nil
}

// OwnerNames lists an owner's records with their statuses.
func (q queryServer) OwnerNames(ctx context.Context, req *types.QueryOwnerNamesRequest) (*types.QueryOwnerNamesResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	addr, err := q.k.addressCodec.StringToBytes(req.Owner)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "owner %q: %s", req.Owner, err)
	}
	owner, err := q.k.addressCodec.BytesToString(addr)
	if err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	now := q.k.now(ctx)
	records, page, err := query.CollectionPaginate(ctx, q.k.Records.Indexes.Owner, req.Pagination,
		func(key collections.Pair[string, []byte], _ collections.NoValue) (types.NameRecord, error) {
			rec, err := q.k.Records.Get(ctx, key.K2())
			return withoutListing(rec), err
		},
		query.WithCollectionPaginationPairPrefix[string, []byte](owner))
	if err != nil {
		return nil, err
	}
	statuses := make([]types.NameStatus, len(records))
	for i, r := range records {
		statuses[i] = params.StatusAt(r.Expiry, now)
	}
	return &types.QueryOwnerNamesResponse{Records: records, Statuses: statuses, Pagination: page}, nil
}

// Listings lists the names on sale by price.
func (q queryServer) Listings(ctx context.Context, req *types.QueryListingsRequest) (*types.QueryListingsResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	listings, page, err := query.CollectionPaginate(ctx, q.k.Records.Indexes.Price.KeySet, req.Pagination,
		func(key collections.Pair[uint64, []byte], _ collections.NoValue) (types.Listing, error) {
			rec, err := q.k.Records.Get(ctx, key.K2())
			if err == nil && rec.Listing == nil {
				err = errorsmod.Wrapf(types.ErrNotListed, "the price index names %x, which is not on sale", key.K2())
			}
			if err != nil {
				return types.Listing{}, err
			}
			return *rec.Listing, nil
		})
	if err != nil {
		return nil, err
	}
	return &types.QueryListingsResponse{Listings: listings, Pagination: page}, nil
}

// Quote returns what a name costs for a term now: a renewal if the name is
// held, else a registration, with the premium of a recent release.
func (q queryServer) Quote(ctx context.Context, req *types.QueryQuoteRequest) (*types.QueryQuoteResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	hash, _, err := types.ParseNameHash(req.NameHash)
	if err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	now := q.k.now(ctx)
	length, renewal, premium := req.NameLength, false, uint64(0)
	rec, err := q.k.Records.Get(ctx, hash)
	switch {
	case err == nil && params.StatusAt(rec.Expiry, now) != types.NAME_STATUS_RELEASED:
		length, renewal = rec.NameLength, true
	case err == nil:
		premium = params.PremiumUSD(params.ReleaseTime(rec.Expiry), now)
	case !isNotFound(err):
		return nil, err
	}
	if !renewal && (length < types.MinNameLength || length > types.MaxNameLength) {
		return nil, errorsmod.Wrapf(types.ErrInvalidName, "name_length must lie between %d and %d for a name not held, got %d",
			types.MinNameLength, types.MaxNameLength, length)
	}
	usd, err := params.PriceUSD(length, req.Years)
	if err != nil {
		return nil, err
	}
	amount, price, err := q.k.prices.QuoteUSD(ctx, usd+premium)
	if err != nil {
		return nil, err
	}
	return &types.QueryQuoteResponse{Amount: amount, Usd: usd + premium, PremiumUsd: premium, Price: price, Renewal: renewal}, nil
}

// Revenue returns the revenue totals.
func (q queryServer) Revenue(ctx context.Context, _ *types.QueryRevenueRequest) (*types.QueryRevenueResponse, error) {
	revenue, err := q.k.Revenue.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryRevenueResponse{Revenue: revenue}, nil
}
