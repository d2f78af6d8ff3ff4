package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/keeper"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// v1Prefixes are the collections of consensus version 1 that version 2 has
// no more: transfer signatures, execution votes, signer-set signatures.
var v1Prefixes = []collections.Prefix{types.V1TransferSignaturesKey, types.V1ExecutionVotesKey, types.V1SignerSetSignaturesKey}

// writeV1State replaces the fixture's store with what a chain of consensus
// version 1 holds: a configured release-1 contract, keys without delegates,
// two signer sets, an observed deposit cursor with an open vote, an
// executed bridge-out, a pending bridge-out and a pending refund (no fees),
// release-1 signatures and execution votes, no batch or admin nonce.
func writeV1State(f *fixture, ready bool) {
	f.t.Helper()
	for f.height() < 6 { // the release-1 chain ran a few blocks
		f.nextBlock()
	}
	ctx, k := f.ctx, f.k
	require.NoError(f.t, k.Params.Set(ctx, types.Params{EvmChainId: evmChainID, ContractAddress: contract.Hex(), SignerSetChangeBps: 700}))
	set := types.SignerSet{Nonce: 1, TotalPower: 30, Height: 1}
	for _, v := range vals[:3] {
		require.NoError(f.t, k.EvmKeys.Set(ctx, v.val, types.EvmKey{Validator: v.valoper(), EvmAddress: v.evm.Hex()}))
		set.Members = append(set.Members, member(v, 10))
	}
	set.Members = sortedByAddress(set.Members...)
	require.NoError(f.t, k.SignerSets.Set(ctx, 1, set))
	set.Nonce, set.Height = 2, 5
	require.NoError(f.t, k.SignerSets.Set(ctx, 2, set))
	require.NoError(f.t, k.LastObservedNonce.Set(ctx, 7))
	require.NoError(f.t, k.AttestedNonces.Set(ctx, vals[0].val, 8))
	require.NoError(f.t, k.DepositVotes.Set(ctx, collections.Join(uint64(8), vals[0].val), claim(8, users[0].String(), 5)))

	status2 := int32(1) // PENDING
	if ready {
		status2 = 2 // READY: signed by more than 2/3, maybe paid by the old contract
	}
	for _, t := range []types.Transfer{
		{Id: 1, Kind: types.TRANSFER_KIND_BRIDGE_OUT, Sender: users[0].String(), EvmRecipient: depositor.Hex(), Amount: math.NewInt(30), Status: types.TRANSFER_STATUS_EXECUTED, CreatedHeight: 2},
		{Id: 2, Kind: types.TRANSFER_KIND_BRIDGE_OUT, Sender: users[1].String(), EvmRecipient: depositor.Hex(), Amount: math.NewInt(50), Status: types.TransferStatus(status2), CreatedHeight: 3},
		{Id: 3, Kind: types.TRANSFER_KIND_REFUND, EvmRecipient: depositor.Hex(), Amount: math.NewInt(20), Status: types.TransferStatus(1), DepositNonce: 6, CreatedHeight: 4},
	} {
		require.NoError(f.t, k.Transfers.Set(ctx, t.Id, t))
	}
	require.NoError(f.t, k.NextTransferID.Set(ctx, 4))
	require.NoError(f.t, k.Stats.Set(ctx, types.Stats{
		Minted: math.NewInt(100), Burned: math.NewInt(80), Refunded: math.NewInt(20), Released: math.NewInt(30),
	}))

	store := f.ctx.KVStore(f.moduleKey)
	for _, p := range v1Prefixes {
		store.Set(append(p.Bytes(), 0, 0, 0, 0, 0, 0, 0, 2, 20), []byte("release 1"))
	}
	store.Delete(types.NextBatchNonceKey.Bytes())
	store.Delete(types.NextAdminNonceKey.Bytes())
	// The fake bank's supply stays: the release-1 totals count from before the fixture.
	stats := f.stats()
	f.genesisSupply = f.supply().Sub(stats.Minted).Add(stats.Burned)
}

// TestMigrate1to2 moves a release-1 bridge to consensus version 2: the
// release-1 contract (which takes neither batches nor EIP-712 digests) is
// unconfigured, the deposit cursor starts again for the new contract, the
// pending transfers are queued for it with no fee, the release-1
// signatures and votes are gone, the signer sets jail nobody, the key
// owners are indexed, the batch and admin nonces start at 1, and the state
// exports a valid genesis. Governance then names the release-2 contract
// (once) and the operators register delegates; the queued transfers wait
// for the sweep of the retired contract.
func TestMigrate1to2(t *testing.T) {
	f := newFixture(t, unconfigured, noKeys)
	writeV1State(f, false)

	require.NoError(t, keeper.NewMigrator(f.k).Migrate1to2(f.ctx))

	p := f.params()
	want := types.DefaultParams()
	want.EvmChainId, want.SignerSetChangeBps = evmChainID, 700
	require.Equal(t, want, p, "defaults for the new params; the release-1 contract unconfigured")
	require.NoError(t, p.Validate())
	_, err := f.k.LastObservedNonce.Get(f.ctx)
	require.ErrorIs(t, err, collections.ErrNotFound, "the deposit cursor starts again for the new contract")
	n, err := f.k.AttestedNonces.Get(f.ctx, vals[0].val)
	require.ErrorIs(t, err, collections.ErrNotFound, "attested %d", n)
	has, err := f.k.DepositVotes.Has(f.ctx, collections.Join(uint64(8), vals[0].val))
	require.NoError(t, err)
	require.False(t, has)

	require.Equal(t, types.TRANSFER_STATUS_EXECUTED, f.transfer(1).Status)
	for _, id := range []uint64{2, 3} {
		tr := f.transfer(id)
		require.Equal(t, types.TRANSFER_STATUS_QUEUED, tr.Status, "transfer %d", id)
		require.True(t, tr.Fee.IsZero())
		require.Zero(t, tr.BatchNonce)
	}
	require.Zero(t, f.transfer(3).DepositNonce, "the retired contract's deposit nonces are not the new one's")
	queued, err := f.queries.Transfers(f.ctx, &types.QueryTransfersRequest{Status: types.TRANSFER_STATUS_QUEUED})
	require.NoError(t, err)
	require.Len(t, queued.Transfers, 2, "the status index follows")

	store := f.ctx.KVStore(f.moduleKey)
	for _, prefix := range v1Prefixes {
		it := store.Iterator(prefix.Bytes(), []byte{prefix.Bytes()[0] + 1})
		require.False(t, it.Valid(), "prefix %v cleared", prefix.Bytes())
		require.NoError(t, it.Close())
	}
	for _, nonce := range []uint64{1, 2} {
		require.True(t, f.signerSet(nonce).LivenessChecked, "release-1 set %d jails nobody", nonce)
	}
	for _, v := range vals[:3] {
		owner, err := f.k.KeyOwners.Get(f.ctx, v.evm.Hex())
		require.NoError(t, err)
		require.Equal(t, v.valoper(), owner.Validator)
	}
	require.True(t, f.stats().Returned.IsZero())
	next, err := f.k.NextBatchNonce.Peek(f.ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), next)
	next, err = f.k.NextAdminNonce.Peek(f.ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), next)
	f.checkInvariants()

	// Governance names the release-2 contract once. A key without a
	// delegate sends nothing: each operator registers one; the queued
	// transfers are then batched for the new contract.
	f.setParams(func(p *types.Params) {
		p.ContractAddress, p.BridgeName = contract.Hex(), bridgeName
		p.BatchWaitBlocks = 0
	})
	_, err = f.msgs.SignSignerSet(f.ctx, &types.MsgSignSignerSet{Signer: vals[0].signer(), Nonce: 2, Signature: sign(t, vals[0].key, f.signerSet(2).Digest(f.bridgeID()))})
	require.ErrorIs(t, err, types.ErrNotValidator)
	for _, v := range vals[:3] {
		require.NoError(t, f.registerKey(v), "the same key with a delegate")
	}
	f.block()
	// The release-1 contract still holds the tokens behind them: nothing is
	// batched before its sweep landed (TestRetiredContractSweep).
	require.Equal(t, types.TRANSFER_STATUS_QUEUED, f.transfer(2).Status)
	require.Equal(t, types.TRANSFER_STATUS_QUEUED, f.transfer(3).Status)
	pending, err := f.k.SweepPending(f.ctx)
	require.NoError(t, err)
	require.True(t, pending)
	require.Equal(t, uint64(1), f.nextNonce(vals[0]), "deposits of the new contract from nonce 1")
}

// TestMigrate1to2RefusesReadyTransfers: a READY transfer may have been paid
// by the release-1 contract already; queuing it for the new contract could
// pay it twice, so the migration fails (and with it the upgrade) until it
// is executed and attested.
func TestMigrate1to2RefusesReadyTransfers(t *testing.T) {
	f := newFixture(t, unconfigured, noKeys)
	writeV1State(f, true)
	err := keeper.NewMigrator(f.k).Migrate1to2(f.ctx)
	require.ErrorContains(t, err, "transfers [2] are READY")
}
