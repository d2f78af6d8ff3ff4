package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

func TestQueriesRefuseBadRequests(t *testing.T) {
	f := newFixture(t)
	_, err := f.queries.Transfer(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	_, err = f.queries.Transfer(f.ctx, &types.QueryTransferRequest{Id: 9})
	require.ErrorIs(t, err, types.ErrTransferNotFound)
	_, err = f.queries.Transfers(f.ctx, &types.QueryTransfersRequest{Status: 9})
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	_, err = f.queries.Batch(f.ctx, &types.QueryBatchRequest{Nonce: 9})
	require.ErrorIs(t, err, types.ErrBatchNotFound)
	_, err = f.queries.Batches(f.ctx, &types.QueryBatchesRequest{Status: 9})
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	_, err = f.queries.PendingSignatures(f.ctx, &types.QueryPendingSignaturesRequest{Validator: vals[0].op()})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	_, err = f.queries.SignerSet(f.ctx, &types.QuerySignerSetRequest{Nonce: 9})
	require.ErrorIs(t, err, types.ErrSignerSetNotFound)
	for _, q := range []func() error{
		func() error { _, err := f.queries.Batch(f.ctx, nil); return err },
		func() error { _, err := f.queries.Batches(f.ctx, nil); return err },
		func() error { _, err := f.queries.PendingSignatures(f.ctx, nil); return err },
		func() error { _, err := f.queries.SignerSet(f.ctx, nil); return err },
		func() error { _, err := f.queries.SignerSets(f.ctx, nil); return err },
		func() error { _, err := f.queries.EvmKeys(f.ctx, nil); return err },
	} {
		require.ErrorIs(t, q(), types.ErrInvalidRequest)
	}
}

func TestQueriesReadTheState(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.BatchWaitBlocks = 50 }))
	f.block()
	f.mustBridgeOut(100)
	f.mustBridgeOut(200)
	require.NoError(t, f.rotateKey(vals[1], evmKey("rotated 1")))

	res, err := f.queries.Transfers(f.ctx, &types.QueryTransfersRequest{Status: types.TRANSFER_STATUS_QUEUED})
	require.NoError(t, err)
	require.Len(t, res.Transfers, 2)
	tr, err := f.queries.Transfer(f.ctx, &types.QueryTransferRequest{Id: 2})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(200), tr.Transfer.Amount)
	supply, err := f.queries.Supply(f.ctx, &types.QuerySupplyRequest{})
	require.NoError(t, err)
	require.Equal(t, "304", supply.OutboundInFlight.String())
	require.Equal(t, f.supply(), supply.ChainSupply)
	keys, err := f.queries.EvmKeys(f.ctx, &types.QueryEvmKeysRequest{})
	require.NoError(t, err)
	require.Len(t, keys.EvmKeys, 4)
	require.Equal(t, []types.RetiredKey{{EvmAddress: vals[1].evm.Hex(), Validator: vals[1].valoper(), LastSetNonce: 1}}, keys.RetiredKeys)
	pending := f.pending(vals[1])
	require.Equal(t, vals[1].signer(), pending.Delegate)
	require.Equal(t, []string{vals[1].evm.Hex()}, pending.RetiredKeys)
	sets, err := f.queries.SignerSets(f.ctx, &types.QuerySignerSetsRequest{})
	require.NoError(t, err)
	require.Len(t, sets.SignerSets, 1)
	params, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, f.params(), params.Params)
}
