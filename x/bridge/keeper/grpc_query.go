package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
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
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: params}, nil
}

// Transfer returns a transfer with its signatures and execution attesters.
func (q queryServer) Transfer(ctx context.Context, req *types.QueryTransferRequest) (*types.QueryTransferResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	t, err := q.k.Transfers.Get(ctx, req.Id)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrTransferNotFound, "no transfer %d", req.Id)
	}
	if err != nil {
		return nil, err
	}
	resp := &types.QueryTransferResponse{Transfer: t}
	idRange := collections.NewPrefixedPairRange[uint64, sdk.ValAddress](req.Id)
	err = q.k.TransferSignatures.Walk(ctx, idRange, func(_ collections.Pair[uint64, sdk.ValAddress], s types.ValidatorSignature) (bool, error) {
		resp.Signatures = append(resp.Signatures, s)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = q.k.ExecutionVotes.Walk(ctx, idRange, func(key collections.Pair[uint64, sdk.ValAddress]) (bool, error) {
		resp.ExecutionAttesters = append(resp.ExecutionAttesters, q.k.valString(key.K2()))
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// Transfers lists transfers, all of them or those with a status, by id.
func (q queryServer) Transfers(ctx context.Context, req *types.QueryTransfersRequest) (*types.QueryTransfersResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	if req.Status == types.TRANSFER_STATUS_UNSPECIFIED {
		transfers, page, err := query.CollectionPaginate(ctx, q.k.Transfers, req.Pagination,
			func(_ uint64, t types.Transfer) (types.Transfer, error) { return t, nil })
		if err != nil {
			return nil, err
		}
		return &types.QueryTransfersResponse{Transfers: transfers, Pagination: page}, nil
	}
	if _, ok := types.TransferStatus_name[int32(req.Status)]; !ok {
		return nil, errorsmod.Wrapf(types.ErrInvalidRequest, "unknown status %d", req.Status)
	}
	transfers, page, err := query.CollectionPaginate(ctx, q.k.Transfers.Indexes.ByStatus, req.Pagination,
		func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Transfer, error) {
			return q.k.Transfers.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Status)))
	if err != nil {
		return nil, err
	}
	return &types.QueryTransfersResponse{Transfers: transfers, Pagination: page}, nil
}

// Deposits returns the last observed nonce and the votes on the next deposit.
func (q queryServer) Deposits(ctx context.Context, _ *types.QueryDepositsRequest) (*types.QueryDepositsResponse, error) {
	last, err := q.k.lastObserved(ctx)
	if err != nil {
		return nil, err
	}
	resp := &types.QueryDepositsResponse{LastObservedNonce: last}
	err = q.k.DepositVotes.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.ValAddress](last+1),
		func(key collections.Pair[uint64, sdk.ValAddress], claim types.DepositClaim) (bool, error) {
			resp.NextVotes = append(resp.NextVotes, types.DepositVote{Validator: q.k.valString(key.K2()), Claim: claim})
			return false, nil
		})
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// PendingSignatures lists what a validator's relayer still has to do.
func (q queryServer) PendingSignatures(ctx context.Context, req *types.QueryPendingSignaturesRequest) (*types.QueryPendingSignaturesResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	bz, err := q.k.valAddressCodec.StringToBytes(req.Validator)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "validator %q: %s", req.Validator, err)
	}
	val := sdk.ValAddress(bz)
	resp := &types.QueryPendingSignaturesResponse{}
	if resp.NextDepositNonce, _, err = q.k.nextDepositNonce(ctx, val); err != nil {
		return nil, err
	}
	key, err := q.k.EvmKeys.Get(ctx, val)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return resp, nil // nothing to sign without a key
	case err != nil:
		return nil, err
	}
	resp.EvmAddress = key.EvmAddress
	signed := func(ctx context.Context, k collections.Pair[uint64, sdk.ValAddress]) (bool, error) {
		return signedWithKey(ctx, q.k.TransferSignatures, k, key.EvmAddress)
	}
	for _, status := range []types.TransferStatus{types.TRANSFER_STATUS_PENDING, types.TRANSFER_STATUS_READY} {
		if resp.TransfersToSign, err = q.collect(ctx, status, resp.TransfersToSign, signed, val); err != nil {
			return nil, err
		}
	}
	hasVote := func(ctx context.Context, key collections.Pair[uint64, sdk.ValAddress]) (bool, error) {
		return q.k.ExecutionVotes.Has(ctx, key)
	}
	for _, status := range []types.TransferStatus{types.TRANSFER_STATUS_PENDING, types.TRANSFER_STATUS_READY} {
		if resp.TransfersToConfirm, err = q.collect(ctx, status, resp.TransfersToConfirm, hasVote, val); err != nil {
			return nil, err
		}
	}
	latest, ok, err := q.k.latestSignerSet(ctx)
	if err != nil {
		return nil, err
	}
	if ok {
		signed, err := signedWithKey(ctx, q.k.SignerSetSignatures, collections.Join(latest.Nonce, val), key.EvmAddress)
		if err != nil {
			return nil, err
		}
		if !signed {
			resp.SignerSetsToSign = append(resp.SignerSetsToSign, latest)
		}
	}
	return resp, nil
}

// collect appends to list the transfers with a status for which done is
// false for val, oldest first, up to MaxPendingListed in all.
func (q queryServer) collect(ctx context.Context, status types.TransferStatus, list []types.Transfer,
	done func(context.Context, collections.Pair[uint64, sdk.ValAddress]) (bool, error), val sdk.ValAddress,
) ([]types.Transfer, error) {
	err := q.k.Transfers.Indexes.ByStatus.Walk(ctx, collections.NewPrefixedPairRange[int32, uint64](int32(status)),
		func(_ int32, id uint64) (bool, error) {
			if len(list) >= types.MaxPendingListed {
				return true, nil
			}
			ok, err := done(ctx, collections.Join(id, val))
			if err != nil || ok {
				return false, err
			}
			t, err := q.k.Transfers.Get(ctx, id)
			if err != nil {
				return true, err
			}
			list = append(list, t)
			return false, nil
		})
	return list, err
}

// SignerSet returns a signer set (0 = the latest) with its signatures.
func (q queryServer) SignerSet(ctx context.Context, req *types.QuerySignerSetRequest) (*types.QuerySignerSetResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	var set types.SignerSet
	if req.Nonce == 0 {
		latest, ok, err := q.k.latestSignerSet(ctx)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errorsmod.Wrap(types.ErrSignerSetNotFound, "no signer set yet: no bonded validator has registered an EVM key")
		}
		set = latest
	} else {
		s, err := q.k.SignerSets.Get(ctx, req.Nonce)
		if errors.Is(err, collections.ErrNotFound) {
			return nil, errorsmod.Wrapf(types.ErrSignerSetNotFound, "no signer set %d", req.Nonce)
		}
		if err != nil {
			return nil, err
		}
		set = s
	}
	resp := &types.QuerySignerSetResponse{SignerSet: set}
	err := q.k.SignerSetSignatures.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.ValAddress](set.Nonce),
		func(_ collections.Pair[uint64, sdk.ValAddress], s types.ValidatorSignature) (bool, error) {
			resp.Signatures = append(resp.Signatures, s)
			return false, nil
		})
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// SignerSets lists signer sets, newest first.
func (q queryServer) SignerSets(ctx context.Context, req *types.QuerySignerSetsRequest) (*types.QuerySignerSetsResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	pagination := req.Pagination
	if pagination == nil {
		pagination = &query.PageRequest{}
	}
	pagination.Reverse = true
	sets, page, err := query.CollectionPaginate(ctx, q.k.SignerSets, pagination,
		func(_ uint64, s types.SignerSet) (types.SignerSet, error) { return s, nil })
	if err != nil {
		return nil, err
	}
	return &types.QuerySignerSetsResponse{SignerSets: sets, Pagination: page}, nil
}

// EvmKeys lists the registered EVM keys.
func (q queryServer) EvmKeys(ctx context.Context, req *types.QueryEvmKeysRequest) (*types.QueryEvmKeysResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	keys, page, err := query.CollectionPaginate(ctx, q.k.EvmKeys, req.Pagination,
		func(_ sdk.ValAddress, k types.EvmKey) (types.EvmKey, error) { return k, nil })
	if err != nil {
		return nil, err
	}
	return &types.QueryEvmKeysResponse{EvmKeys: keys, Pagination: page}, nil
}

// Supply returns the chain's supply, the running totals and what is in flight.
func (q queryServer) Supply(ctx context.Context, _ *types.QuerySupplyRequest) (*types.QuerySupplyResponse, error) {
	stats, err := q.k.stats(ctx)
	if err != nil {
		return nil, err
	}
	last, err := q.k.lastObserved(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QuerySupplyResponse{
		ChainSupply:       q.k.bankKeeper.GetSupply(ctx, types.Denom).Amount,
		OutboundInFlight:  inFlight(stats),
		Stats:             stats,
		LastObservedNonce: last,
	}, nil
}
