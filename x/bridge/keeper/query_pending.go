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

// PendingSignatures lists what a validator's relayer still has to do: the
// next deposit to attest (and its vote on the open one), the open batches
// of a page to sign (with each of its keys) and to attest, the signer sets
// newer than the contract's and the admin operations to sign.
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
	var observed uint64
	if resp.NextDepositNonce, observed, err = q.k.nextDepositNonce(ctx, val); err != nil {
		return nil, err
	}
	if vote, err := q.k.DepositVotes.Get(ctx, collections.Join(observed+1, val)); err == nil {
		resp.OpenDepositVote = vote
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	if resp.ContractState, err = q.k.contractState(ctx); err != nil {
		return nil, err
	}
	if vote, err := q.k.ContractStateVotes.Get(ctx, val); err == nil {
		resp.ContractStateVote = vote
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	keys, err := q.k.signingKeys(ctx, val)
	if err != nil {
		return nil, err
	}
	if len(keys) > 0 {
		key, err := q.k.EvmKeys.Get(ctx, val)
		if err != nil {
			return nil, err
		}
		resp.EvmAddress, resp.Delegate, resp.RetiredKeys = keys[0], key.Delegate, keys[1:]
	}
	if err := q.pendingBatches(ctx, req.Pagination, params, val, keys, resp); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return resp, nil
	}
	if err := q.pendingSignerSets(ctx, keys, resp); err != nil {
		return nil, err
	}
	return resp, q.pendingAdminOps(ctx, keys, resp)
}

// pendingBatches fills the batches of one page of open batches that keys
// have not signed (none while paused) and that val has not attested.
func (q queryServer) pendingBatches(ctx context.Context, page *query.PageRequest, params types.Params, val sdk.ValAddress, keys []string,
	resp *types.QueryPendingSignaturesResponse,
) error {
	batches, pageResp, err := query.CollectionPaginate(ctx, q.k.Batches.Indexes.ByStatus, page,
		func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Batch, error) {
			return q.k.Batches.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[int32, uint64](int32(types.BATCH_STATUS_OPEN)))
	if err != nil {
		return err
	}
	resp.Pagination = pageResp
	for _, b := range batches {
		voted, err := q.k.BatchVotes.Has(ctx, collections.Join(b.Nonce, val))
		if err != nil {
			return err
		}
		if !voted {
			resp.BatchesToAttest = append(resp.BatchesToAttest, b)
		}
		if params.Paused || len(keys) == 0 {
			continue
		}
		unsigned, err := unsignedKeys(ctx, q.k.BatchSignatures, b.Nonce, keys)
		if err != nil || len(unsigned) == 0 {
			if err != nil {
				return err
			}
			continue
		}
		transfers, err := q.k.batchTransfers(ctx, b)
		if err != nil {
			return err
		}
		resp.BatchesToSign = append(resp.BatchesToSign, types.BatchToSign{Batch: b, Transfers: transfers, Keys: unsigned})
	}
	return nil
}

// pendingSignerSets fills the newest MaxSignerSetsToSign sets newer than
// the contract's that keys have not signed, oldest first.
func (q queryServer) pendingSignerSets(ctx context.Context, keys []string, resp *types.QueryPendingSignaturesResponse) error {
	var sets []types.SignerSet
	err := q.k.SignerSets.Walk(ctx, new(collections.Range[uint64]).StartExclusive(resp.ContractState.SignerSetNonce).Descending(),
		func(_ uint64, s types.SignerSet) (bool, error) {
			sets = append(sets, s)
			return len(sets) >= types.MaxSignerSetsToSign, nil
		})
	if err != nil {
		return err
	}
	for i := len(sets) - 1; i >= 0; i-- {
		unsigned, err := unsignedKeys(ctx, q.k.SignerSetSignatures, sets[i].Nonce, keys)
		if err != nil {
			return err
		}
		if len(unsigned) > 0 {
			resp.SignerSetsToSign = append(resp.SignerSetsToSign, types.SignerSetToSign{SignerSet: sets[i], Keys: unsigned})
		}
	}
	return nil
}

// pendingAdminOps fills the admin operations that keys have not signed.
func (q queryServer) pendingAdminOps(ctx context.Context, keys []string, resp *types.QueryPendingSignaturesResponse) error {
	var ops []types.AdminOp
	if err := q.k.AdminOps.Walk(ctx, nil, func(_ uint64, op types.AdminOp) (bool, error) {
		ops = append(ops, op)
		return false, nil
	}); err != nil {
		return err
	}
	for _, op := range ops {
		unsigned, err := unsignedKeys(ctx, q.k.AdminOpSignatures, op.Nonce, keys)
		if err != nil {
			return err
		}
		if len(unsigned) > 0 {
			resp.AdminOpsToSign = append(resp.AdminOpsToSign, types.AdminOpToSign{Op: op, Keys: unsigned})
		}
	}
	return nil
}
