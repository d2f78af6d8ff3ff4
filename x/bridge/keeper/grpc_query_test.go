package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

func ids(ts []types.Transfer) []uint64 {
	out := make([]uint64, len(ts))
	for i, t := range ts {
		out[i] = t.Id
	}
	return out
}

func TestQueryParams(t *testing.T) {
	f := newFixture(t)

	res, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})

	require.NoError(t, err)
	require.Equal(t, configuredGenesis().Params, res.Params)
}

func TestQueryTransfer(t *testing.T) {
	f := busyChain(t)

	res, err := f.queries.Transfer(f.ctx, &types.QueryTransferRequest{Id: 2})

	require.NoError(t, err)
	require.Equal(t, f.transfer(2), res.Transfer)
	require.Len(t, res.Signatures, 1)
	require.Equal(t, vals[0].valoper(), res.Signatures[0].Validator)
	require.Equal(t, []string{vals[1].valoper()}, res.ExecutionAttesters)

	_, err = f.queries.Transfer(f.ctx, &types.QueryTransferRequest{Id: 99})
	require.ErrorIs(t, err, types.ErrTransferNotFound)
	_, err = f.queries.Transfer(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

func TestQueryTransfers(t *testing.T) {
	f := busyChain(t) // 1 and 2 pending, 3 ready, 4 executed
	f.mustBridgeOut(1)
	f.mustBridgeOut(2) // 5 and 6 pending
	list := func(status types.TransferStatus, page *query.PageRequest) *types.QueryTransfersResponse {
		t.Helper()
		res, err := f.queries.Transfers(f.ctx, &types.QueryTransfersRequest{Status: status, Pagination: page})
		require.NoError(t, err)
		return res
	}

	require.Equal(t, []uint64{1, 2, 3, 4, 5, 6}, ids(list(types.TRANSFER_STATUS_UNSPECIFIED, nil).Transfers))
	require.Equal(t, []uint64{1, 2, 5, 6}, ids(list(types.TRANSFER_STATUS_PENDING, nil).Transfers))
	require.Equal(t, []uint64{3}, ids(list(types.TRANSFER_STATUS_READY, nil).Transfers))
	require.Equal(t, []uint64{4}, ids(list(types.TRANSFER_STATUS_EXECUTED, nil).Transfers))
	require.Equal(t, f.transfer(3), list(types.TRANSFER_STATUS_READY, nil).Transfers[0])

	// Pages of two pending transfers, by key and by offset.
	first := list(types.TRANSFER_STATUS_PENDING, &query.PageRequest{Limit: 2, CountTotal: true})
	require.Equal(t, []uint64{1, 2}, ids(first.Transfers))
	require.Equal(t, uint64(4), first.Pagination.Total)
	require.NotEmpty(t, first.Pagination.NextKey)
	second := list(types.TRANSFER_STATUS_PENDING, &query.PageRequest{Limit: 2, Key: first.Pagination.NextKey})
	require.Equal(t, []uint64{5, 6}, ids(second.Transfers))
	require.Empty(t, second.Pagination.NextKey)
	require.Equal(t, []uint64{2, 5}, ids(list(types.TRANSFER_STATUS_PENDING, &query.PageRequest{Offset: 1, Limit: 2}).Transfers))
	require.Equal(t, []uint64{6, 5}, ids(list(types.TRANSFER_STATUS_PENDING, &query.PageRequest{Limit: 2, Reverse: true}).Transfers))
	all := list(types.TRANSFER_STATUS_UNSPECIFIED, &query.PageRequest{Limit: 4})
	require.Equal(t, []uint64{1, 2, 3, 4}, ids(all.Transfers))
	require.Equal(t, []uint64{5, 6}, ids(list(types.TRANSFER_STATUS_UNSPECIFIED, &query.PageRequest{Key: all.Pagination.NextKey}).Transfers))

	_, err := f.queries.Transfers(f.ctx, &types.QueryTransfersRequest{Status: 7})
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	_, err = f.queries.Transfers(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

func TestQueryDeposits(t *testing.T) {
	f := busyChain(t)

	res, err := f.queries.Deposits(f.ctx, &types.QueryDepositsRequest{})

	require.NoError(t, err)
	require.Equal(t, uint64(2), res.LastObservedNonce)
	require.Equal(t, []types.DepositVote{{Validator: vals[0].valoper(), Claim: claim(3, users[2].String(), 50)}}, res.NextVotes)
}

func TestQueryPendingSignatures(t *testing.T) {
	f := busyChain(t)
	// Transfers: 1 (refund, pending) signed by vals[3]; 2 pending, signed by
	// vals[0] with an execution vote of vals[1]; 3 ready, signed by vals[0..2];
	// 4 executed. Set 2 signed by vals[0] and vals[1].
	pending := func(v validator) *types.QueryPendingSignaturesResponse {
		t.Helper()
		res, err := f.queries.PendingSignatures(f.ctx, &types.QueryPendingSignaturesRequest{Validator: v.valoper()})
		require.NoError(t, err)
		return res
	}

	p0 := pending(vals[0])
	require.Equal(t, vals[0].evm.Hex(), p0.EvmAddress)
	require.Equal(t, uint64(4), p0.NextDepositNonce)
	require.Equal(t, []uint64{1}, ids(p0.TransfersToSign))
	require.Equal(t, []uint64{1, 2, 3}, ids(p0.TransfersToConfirm))
	require.Empty(t, p0.SignerSetsToSign)

	p1 := pending(vals[1])
	require.Equal(t, uint64(3), p1.NextDepositNonce)
	require.Equal(t, []uint64{1, 2}, ids(p1.TransfersToSign))
	require.Equal(t, []uint64{1, 3}, ids(p1.TransfersToConfirm), "vals[1] confirmed 2 already")
	require.Empty(t, p1.SignerSetsToSign)

	p3 := pending(vals[3])
	require.Equal(t, []uint64{2, 3}, ids(p3.TransfersToSign), "ready transfers may still be signed")
	latest, _ := f.latestSet()
	require.Equal(t, []types.SignerSet{latest}, p3.SignerSetsToSign)
	require.Equal(t, f.transfer(2), p3.TransfersToSign[0])

	// Signing takes a transfer off the list.
	f.signAll(2, vals[3])
	require.Equal(t, []uint64{3}, ids(pending(vals[3]).TransfersToSign))
	require.NoError(t, f.signSet(vals[3], 2))
	require.Empty(t, pending(vals[3]).SignerSetsToSign)

	// A validator without a key has only deposits to attest.
	stranger := newValidator(9)
	res, err := f.queries.PendingSignatures(f.ctx, &types.QueryPendingSignaturesRequest{Validator: stranger.valoper()})
	require.NoError(t, err)
	require.Equal(t, &types.QueryPendingSignaturesResponse{NextDepositNonce: 3}, res)

	_, err = f.queries.PendingSignatures(f.ctx, &types.QueryPendingSignaturesRequest{Validator: vals[0].op()})
	require.ErrorIs(t, err, types.ErrInvalidAddress, "the valoper address is asked for")
	_, err = f.queries.PendingSignatures(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

func TestQueryPendingSignaturesListsAtMostAHundred(t *testing.T) {
	f := newFixture(t)
	f.registerAll()
	for range types.MaxPendingListed + 5 {
		f.mustBridgeOut(1)
	}

	res, err := f.queries.PendingSignatures(f.ctx, &types.QueryPendingSignaturesRequest{Validator: vals[0].valoper()})

	require.NoError(t, err)
	require.Len(t, res.TransfersToSign, types.MaxPendingListed)
	require.Equal(t, uint64(1), res.TransfersToSign[0].Id, "oldest first")
	require.Len(t, res.TransfersToConfirm, types.MaxPendingListed)
}

func TestQuerySignerSets(t *testing.T) {
	f := busyChain(t)

	latest, err := f.queries.SignerSet(f.ctx, &types.QuerySignerSetRequest{})
	require.NoError(t, err)
	require.Equal(t, uint64(2), latest.SignerSet.Nonce)
	require.Len(t, latest.Signatures, 2)
	one, err := f.queries.SignerSet(f.ctx, &types.QuerySignerSetRequest{Nonce: 1})
	require.NoError(t, err)
	require.Equal(t, uint64(1), one.SignerSet.Nonce)
	require.Equal(t, []types.ValidatorSignature{{
		Validator: vals[0].valoper(), EvmAddress: vals[0].evm.Hex(),
		Signature: sign(t, vals[0].key, f.signerSetDigest(1)),
	}}, one.Signatures)
	_, err = f.queries.SignerSet(f.ctx, &types.QuerySignerSetRequest{Nonce: 3})
	require.ErrorIs(t, err, types.ErrSignerSetNotFound)
	_, err = f.queries.SignerSet(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)

	sets, err := f.queries.SignerSets(f.ctx, &types.QuerySignerSetsRequest{})
	require.NoError(t, err)
	require.Len(t, sets.SignerSets, 2)
	require.Equal(t, []uint64{2, 1}, []uint64{sets.SignerSets[0].Nonce, sets.SignerSets[1].Nonce}, "newest first")
	page, err := f.queries.SignerSets(f.ctx, &types.QuerySignerSetsRequest{Pagination: &query.PageRequest{Limit: 1}})
	require.NoError(t, err)
	require.Equal(t, uint64(2), page.SignerSets[0].Nonce)
	next, err := f.queries.SignerSets(f.ctx, &types.QuerySignerSetsRequest{Pagination: &query.PageRequest{Limit: 1, Key: page.Pagination.NextKey}})
	require.NoError(t, err)
	require.Len(t, next.SignerSets, 1)
	require.Equal(t, uint64(1), next.SignerSets[0].Nonce)
	_, err = f.queries.SignerSets(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

func TestQueryEvmKeys(t *testing.T) {
	f := busyChain(t)

	res, err := f.queries.EvmKeys(f.ctx, &types.QueryEvmKeysRequest{})

	require.NoError(t, err)
	var want []types.EvmKey
	for _, v := range vals {
		want = append(want, types.EvmKey{Validator: v.valoper(), EvmAddress: v.evm.Hex()})
	}
	require.ElementsMatch(t, want, res.EvmKeys)
	page, err := f.queries.EvmKeys(f.ctx, &types.QueryEvmKeysRequest{Pagination: &query.PageRequest{Limit: 3, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, page.EvmKeys, 3)
	require.Equal(t, uint64(4), page.Pagination.Total)
	_, err = f.queries.EvmKeys(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

func TestQuerySupply(t *testing.T) {
	f := newFixture(t)
	empty, err := f.queries.Supply(f.ctx, &types.QuerySupplyRequest{})
	require.NoError(t, err)
	require.Equal(t, types.ZeroStats(), empty.Stats)
	require.True(t, empty.OutboundInFlight.IsZero())
	genesisSupply := empty.ChainSupply
	require.Equal(t, startBalance.MulRaw(int64(len(users))), genesisSupply)

	f = busyChain(t)
	res, err := f.queries.Supply(f.ctx, &types.QuerySupplyRequest{})

	require.NoError(t, err)
	// Minted 1,000; burned 200 + 400 + 800; refunded 300; released 800.
	require.Equal(t, genesisSupply.AddRaw(1_000).SubRaw(1_400), res.ChainSupply)
	require.Equal(t, f.supply(), res.ChainSupply)
	require.Equal(t, math.NewInt(1_400+300-800), res.OutboundInFlight, "burned + refunded − released")
	require.Equal(t, math.NewInt(300+200+400), res.OutboundInFlight, "the transfers not executed")
	require.Equal(t, uint64(2), res.LastObservedNonce)
	require.Equal(t, f.stats(), res.Stats)
}
