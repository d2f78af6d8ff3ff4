package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
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

// Transfer returns a transfer.
func (q queryServer) Transfer(ctx context.Context, req *types.QueryTransferRequest) (*types.QueryTransferResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	t, err := q.k.getTransfer(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return &types.QueryTransferResponse{Transfer: t}, nil
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

// Batch returns a batch with its transfers, signatures and votes.
func (q queryServer) Batch(ctx context.Context, req *types.QueryBatchRequest) (*types.QueryBatchResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	b, err := q.k.getBatch(ctx, req.Nonce)
	if err != nil {
		return nil, err
	}
	resp := &types.QueryBatchResponse{Batch: b}
	if resp.Transfers, err = q.k.batchTransfers(ctx, b); err != nil {
		return nil, err
	}
	if resp.Signatures, err = signaturesOf(ctx, q.k.BatchSignatures, b.Nonce); err != nil {
		return nil, err
	}
	err = q.k.BatchVotes.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.ValAddress](b.Nonce),
		func(key collections.Pair[uint64, sdk.ValAddress], outcome int32) (bool, error) {
			resp.Votes = append(resp.Votes, types.BatchVoteEntry{Validator: q.k.valString(key.K2()), Outcome: types.BatchOutcome(outcome)})
			return false, nil
		})
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// Batches lists batches, all of them or those with a status, by nonce.
func (q queryServer) Batches(ctx context.Context, req *types.QueryBatchesRequest) (*types.QueryBatchesResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	if req.Status == types.BATCH_STATUS_UNSPECIFIED {
		batches, page, err := query.CollectionPaginate(ctx, q.k.Batches, req.Pagination,
			func(_ uint64, b types.Batch) (types.Batch, error) { return b, nil })
		if err != nil {
			return nil, err
		}
		return &types.QueryBatchesResponse{Batches: batches, Pagination: page}, nil
	}
	if _, ok := types.BatchStatus_name[int32(req.Status)]; !ok {
		return nil, errorsmod.Wrapf(types.ErrInvalidRequest, "unknown status %d", req.Status)
	}
	batches, page, err := query.CollectionPaginate(ctx, q.k.Batches.Indexes.ByStatus, req.Pagination,
		func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Batch, error) {
			return q.k.Batches.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Status)))
	if err != nil {
		return nil, err
	}
	return &types.QueryBatchesResponse{Batches: batches, Pagination: page}, nil
}

// Deposits returns the last observed nonce, the votes on the next deposit
// and whether they are split.
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
	since, err := q.k.DepositSplitSince.Get(ctx)
	switch {
	case errors.Is(err, collections.ErrNotFound):
	case err != nil:
		return nil, err
	default:
		params, err := q.k.Params.Get(ctx)
		if err != nil {
			return nil, err
		}
		resp.SplitSince, resp.ReopenHeight = since, since+int64(params.DepositSplitTimeoutBlocks) //nolint:gosec // a param of blocks
	}
	return resp, nil
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
			return nil, errorsmod.Wrap(types.ErrSignerSetNotFound,
				"no signer set yet: the bonded validators with EVM keys must hold more than 2/3 of the bonded power")
		}
		set = latest
	} else {
		s, err := q.k.SignerSets.Get(ctx, req.Nonce)
		if errors.Is(err, collections.ErrNotFound) {
			return nil, errorsmod.Wrapf(types.ErrSignerSetNotFound, "no signer set %d (sets below the contract's are pruned)", req.Nonce)
		}
		if err != nil {
			return nil, err
		}
		set = s
	}
	sigs, err := signaturesOf(ctx, q.k.SignerSetSignatures, set.Nonce)
	if err != nil {
		return nil, err
	}
	return &types.QuerySignerSetResponse{SignerSet: set, Signatures: sigs}, nil
}

// SignerSets lists the signer sets kept, newest first.
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

// EvmKeys lists the registered EVM keys and the retired keys that still sign.
func (q queryServer) EvmKeys(ctx context.Context, req *types.QueryEvmKeysRequest) (*types.QueryEvmKeysResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	keys, page, err := query.CollectionPaginate(ctx, q.k.EvmKeys, req.Pagination,
		func(_ sdk.ValAddress, k types.EvmKey) (types.EvmKey, error) { return k, nil })
	if err != nil {
		return nil, err
	}
	resp := &types.QueryEvmKeysResponse{EvmKeys: keys, Pagination: page}
	err = q.k.RetiredKeys.Walk(ctx, nil, func(_ string, r types.RetiredKey) (bool, error) {
		resp.RetiredKeys = append(resp.RetiredKeys, r)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return resp, nil
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
		OutboundInFlight:  stats.InFlight(),
		Stats:             stats,
		LastObservedNonce: last,
	}, nil
}

// ContractState returns the contract's attested state and its lag.
func (q queryServer) ContractState(ctx context.Context, _ *types.QueryContractStateRequest) (*types.QueryContractStateResponse, error) {
	lag, err := q.k.contractLag(ctx)
	if err != nil {
		return nil, err
	}
	next, err := q.k.NextAdminNonce.Peek(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryContractStateResponse{
		State: lag.state, LatestSignerSetNonce: lag.latest, SetsBehind: lag.behind, StaleBlocks: lag.staleBlocks,
		NextAdminNonce: max(next, 1),
	}, nil
}

// Coverage returns how much of the bonded power the keys and the newest
// signer set cover.
func (q queryServer) Coverage(ctx context.Context, _ *types.QueryCoverageRequest) (*types.QueryCoverageResponse, error) {
	cov, err := q.k.coverage(ctx)
	if err != nil {
		return nil, err
	}
	return &cov, nil
}

// AdminOps lists the admin operations waiting for the contract.
func (q queryServer) AdminOps(ctx context.Context, _ *types.QueryAdminOpsRequest) (*types.QueryAdminOpsResponse, error) {
	resp := &types.QueryAdminOpsResponse{}
	var ops []types.AdminOp
	if err := q.k.AdminOps.Walk(ctx, nil, func(_ uint64, op types.AdminOp) (bool, error) {
		ops = append(ops, op)
		return false, nil
	}); err != nil {
		return nil, err
	}
	for _, op := range ops {
		sigs, err := signaturesOf(ctx, q.k.AdminOpSignatures, op.Nonce)
		if err != nil {
			return nil, err
		}
		resp.Ops = append(resp.Ops, types.AdminOpEntry{Op: op, Signatures: sigs})
	}
	return resp, nil
}
