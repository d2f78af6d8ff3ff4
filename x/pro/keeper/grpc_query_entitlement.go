package keeper

import (
	"context"
	"encoding/hex"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Limits of a RevocationList page.
const (
	defaultRevocationPage = 100
	maxRevocationPage     = 1000
)

// ProofStatus returns what an issuer signs a Pro proof from, as of the
// queried block: a proof issued at its time would carry proof_expiry.
func (q queryServer) ProofStatus(ctx context.Context, req *types.QueryProofStatusRequest) (*types.QueryProofStatusResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	key, err := types.ParseSessionKey(req.SessionPubkey)
	if err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	now := q.k.now(ctx)
	res := &types.QueryProofStatusResponse{SessionPubkey: key, GracePeriod: params.GracePeriod, BlockTime: now}
	sub, err := q.k.Subscriptions.Get(ctx, key)
	found := err == nil
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	res.UserStatus = sub.UserStatus(now, params.GracePeriod, found)
	if !found {
		return res, nil
	}
	res.Revoked = sub.Revoked
	res.Expiry = sub.Expiry
	res.Generation = sub.Generation
	res.RevocationTag = hex.EncodeToString(sub.RevocationTag)
	res.ProofExpiryOffset = sub.ProofExpiryOffset
	if res.UserStatus == types.UserStatusActive {
		expiry := types.ProofExpiry(now.Unix(), sub.CoverageEnd(params.GracePeriod), sub.ProofExpiryOffset)
		t := unixTime(expiry)
		res.ProofExpiry = &t
	}
	return res, nil
}

// RevocationList returns the entries after since_ticket, in ticket order.
func (q queryServer) RevocationList(ctx context.Context, req *types.QueryRevocationListRequest) (*types.QueryRevocationListResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	limit := int(req.Limit)
	switch {
	case limit == 0:
		limit = defaultRevocationPage
	case limit > maxRevocationPage:
		return nil, errorsmod.Wrapf(types.ErrInvalidRequest, "limit must be at most %d, got %d", maxRevocationPage, limit)
	}
	last, err := q.k.LastRevocationTicket.Get(ctx)
	if err != nil {
		return nil, err
	}
	res := &types.QueryRevocationListResponse{LastTicket: last, Revocations: []types.Revocation{}}
	it, err := q.k.RevocationList.Iterate(ctx, new(collections.Range[uint64]).StartExclusive(req.SinceTicket))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		entry, err := it.Value()
		if err != nil {
			return nil, err
		}
		if len(res.Revocations) == limit {
			res.NextSinceTicket = res.Revocations[limit-1].Ticket
			break
		}
		res.Revocations = append(res.Revocations, entry)
	}
	return res, nil
}

// IssuerKeys lists the registered issuer keys by public key.
func (q queryServer) IssuerKeys(ctx context.Context, req *types.QueryIssuerKeysRequest) (*types.QueryIssuerKeysResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	keys, page, err := query.CollectionPaginate(ctx, q.k.IssuerKeys, req.Pagination,
		func(_ string, k types.IssuerKey) (types.IssuerKey, error) { return k, nil })
	if err != nil {
		return nil, err
	}
	return &types.QueryIssuerKeysResponse{IssuerKeys: keys, Pagination: page}, nil
}
